import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineDocumentSchema } from '@eventide/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { resolveNodeSecrets, resolveSecrets, secretIssues, secretSources } from './secrets.js';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

/** A document of two PostgreSQL sinks, "ok" and "db", with these passwords. */
function twoPostgresSinks(ok: string, db: string) {
  const sink = (id: string, password: string) => ({
    id,
    kind: 'sink.postgres',
    params: { password },
    position: { x: 0, y: 0 },
  });
  return PipelineDocumentSchema.parse({
    version: 2,
    name: 'x',
    settings: { microBatch: { maxEvents: 10, maxDelayMs: 5 }, checkpointIntervalMs: 0 },
    nodes: [sink('ok', ok), sink('db', db)],
    edges: [],
  });
}

/** A data directory whose secrets.json holds `content` with file mode `mode`. */
function dataDir(content: string | undefined, mode = 0o600): string {
  const d = tempDir('eventide-secrets-');
  dirs.push(d);
  if (content !== undefined) {
    const file = path.join(d.dir, 'secrets.json');
    writeFileSync(file, content);
    chmodSync(file, mode);
  }
  return d.dir;
}

describe('secrets', () => {
  it('replaces ${env:NAME} inside any string param, nested ones too, and leaves the input untouched', () => {
    const params = {
      password: '${env:PG_PASS}',
      url: 'mqtt://user:${env:MQTT_PASS}@127.0.0.1:11883',
      nested: [{ value: 'a-${env:PG_PASS}-b' }],
      n: 3,
    };
    const r = resolveSecrets(params, { env: { PG_PASS: 's3cret', MQTT_PASS: 'p' } });
    expect(r).toEqual({
      ok: true,
      params: {
        password: 's3cret',
        url: 'mqtt://user:p@127.0.0.1:11883',
        nested: [{ value: 'a-s3cret-b' }],
        n: 3,
      },
    });
    expect(params.password).toBe('${env:PG_PASS}');
  });

  it('names every missing variable with its param path', () => {
    const r = resolveSecrets({ password: '${env:NOPE}', list: ['${env:ALSO_NOPE}'] }, { env: {} });
    expect(r).toEqual({
      ok: false,
      missing: [
        { path: 'password', name: 'NOPE', reason: 'environment variable NOPE is not set on the server' },
        {
          path: 'list.0',
          name: 'ALSO_NOPE',
          reason: 'environment variable ALSO_NOPE is not set on the server',
        },
      ],
    });
    expect(() => resolveNodeSecrets('db', { password: '${env:NOPE}' }, { env: {} })).toThrow(
      'node db: params.password: environment variable NOPE is not set on the server',
    );
  });

  it('reports a document’s unresolvable references as validation issues by node and path', () => {
    const issues = secretIssues(twoPostgresSinks('${env:SET}', '${env:UNSET}'), { env: { SET: 'x' } });
    expect(issues).toEqual([
      {
        severity: 'error',
        node: 'db',
        path: 'password',
        message: 'environment variable UNSET is not set on the server',
      },
    ]);
  });

  it('resolves ${secret:NAME} from <dataDir>/secrets.json (mode 0600 or 0400), beside ${env:NAME}', () => {
    for (const mode of [0o600, 0o400]) {
      const dir = dataDir(JSON.stringify({ PG_PASS: 'from-file', OTHER: 'x' }), mode);
      const r = resolveSecrets(
        { password: '${secret:PG_PASS}', url: 'mqtt://u:${env:MQ}@h:1' },
        secretSources(dir, { MQ: 'from-env' }),
      );
      expect(r).toEqual({ ok: true, params: { password: 'from-file', url: 'mqtt://u:from-env@h:1' } });
    }
  });

  it('names the node, the param and the secret when the file lacks it, is missing, readable by others or malformed', () => {
    const resolve = (dir: string) =>
      resolveSecrets({ password: '${secret:PG_PASS}' }, secretSources(dir, {}));
    const file = (dir: string) => path.join(dir, 'secrets.json');

    const lacks = dataDir(JSON.stringify({ OTHER: 'x' }));
    expect(resolve(lacks)).toEqual({
      ok: false,
      missing: [{ path: 'password', name: 'PG_PASS', reason: `secret PG_PASS is not in ${file(lacks)}` }],
    });
    expect(() =>
      resolveNodeSecrets('db', { password: '${secret:PG_PASS}' }, secretSources(lacks, {})),
    ).toThrow(`node db: params.password: secret PG_PASS is not in ${file(lacks)}`);

    const none = dataDir(undefined);
    expect(resolve(none)).toMatchObject({
      ok: false,
      missing: [{ reason: `secret PG_PASS: there is no ${file(none)}` }],
    });

    // Readable by the group or others: refused, even though it holds the name.
    const open = dataDir(JSON.stringify({ PG_PASS: 'leaked' }), 0o644);
    expect(resolve(open)).toMatchObject({
      ok: false,
      missing: [
        {
          reason: `secret PG_PASS: ${file(open)} can be read by other users (mode 644): run chmod 600 on it`,
        },
      ],
    });
    expect(JSON.stringify(resolve(open))).not.toContain('leaked');

    const notJson = dataDir('{"PG_PASS": ');
    expect(resolve(notJson)).toMatchObject({
      ok: false,
      missing: [{ reason: expect.stringMatching(/is not valid JSON/) }],
    });
    const notStrings = dataDir(JSON.stringify({ PG_PASS: 42 }));
    expect(resolve(notStrings)).toMatchObject({
      ok: false,
      missing: [{ reason: `secret PG_PASS: ${file(notStrings)} must be a JSON object of names to strings` }],
    });

    // The CLI without a data directory: no file to read.
    expect(resolveSecrets({ password: '${secret:PG_PASS}' }, { env: {} })).toMatchObject({
      ok: false,
      missing: [{ reason: 'secret PG_PASS: this host has no data directory for secrets.json' }],
    });
  });

  it('validation lists a secret the file lacks by node and path', () => {
    const dir = dataDir(JSON.stringify({ SET: 'x' }));
    const issues = secretIssues(twoPostgresSinks('${secret:SET}', '${secret:UNSET}'), secretSources(dir, {}));
    expect(issues).toEqual([
      {
        severity: 'error',
        node: 'db',
        path: 'password',
        message: `secret UNSET is not in ${path.join(dir, 'secrets.json')}`,
      },
    ]);
  });
});
