import { PipelineDocumentSchema } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { resolveNodeSecrets, resolveSecrets, secretIssues } from './secrets.js';

describe('secrets', () => {
  it('replaces ${env:NAME} inside any string param, nested ones too, and leaves the input untouched', () => {
    const params = {
      password: '${env:PG_PASS}',
      url: 'mqtt://user:${env:MQTT_PASS}@127.0.0.1:11883',
      nested: [{ value: 'a-${env:PG_PASS}-b' }],
      n: 3,
    };
    const r = resolveSecrets(params, { PG_PASS: 's3cret', MQTT_PASS: 'p' });
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
    const r = resolveSecrets({ password: '${env:NOPE}', list: ['${env:ALSO_NOPE}'] }, {});
    expect(r).toEqual({
      ok: false,
      missing: [
        { path: 'password', name: 'NOPE' },
        { path: 'list.0', name: 'ALSO_NOPE' },
      ],
    });
    expect(() => resolveNodeSecrets('db', { password: '${env:NOPE}' }, {})).toThrow(
      'node db: params.password: environment variable NOPE is not set on the server',
    );
  });

  it('reports a document’s unresolvable references as validation issues by node and path', () => {
    const issues = secretIssues(
      PipelineDocumentSchema.parse({
        version: 2,
        name: 'x',
        settings: { microBatch: { maxEvents: 10, maxDelayMs: 5 }, checkpointIntervalMs: 0 },
        nodes: [
          { id: 'ok', kind: 'sink.postgres', params: { password: '${env:SET}' }, position: { x: 0, y: 0 } },
          { id: 'db', kind: 'sink.postgres', params: { password: '${env:UNSET}' }, position: { x: 0, y: 0 } },
        ],
        edges: [],
      }),
      { SET: 'x' },
    );
    expect(issues).toEqual([
      {
        severity: 'error',
        node: 'db',
        path: 'password',
        message: 'environment variable UNSET is not set on the server',
      },
    ]);
  });
});
