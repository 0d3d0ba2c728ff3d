import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FlinkDeployment } from '@eventide/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { FlinkDeployments } from './deployments.js';

const target = { flinkUrl: 'http://127.0.0.1:9', gatewayUrl: 'http://127.0.0.1:9', kafka: '127.0.0.1:9' };
const ended: FlinkDeployment = {
  id: '0123456789abcdef0123456789abcdef',
  pipeline: 'p',
  name: 'eventide-p',
  target,
  state: 'cancelled',
  flinkState: 'CANCELED',
  resultTopics: { t: 'eventide.p.t' },
  dashboards: {},
  deployedAt: 1,
  endedAt: 2,
};
const doc = { version: 2, name: 'p', nodes: [{ id: 't', kind: 'sink.table', params: {} }], edges: [] };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eventide-deployments-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'flink-deployments.json'), content);
  return dir;
}

describe('FlinkDeployments.load', () => {
  it('a damaged file is reported, not thrown: the server still starts', async () => {
    const warnings: string[] = [];
    const d = new FlinkDeployments(dataDir('{"deployments": [ trunc'), target, {
      warn: (m) => warnings.push(m),
    });
    await d.load(async () => undefined);
    expect(await d.list()).toEqual([]);
    expect(warnings[0]).toMatch(/flink-deployments\.json not read: /);
    await d.close();
  });

  it('keeps the entries it can follow and skips the malformed ones', async () => {
    const d = new FlinkDeployments(
      dataDir(
        JSON.stringify({
          deployments: [
            null,
            7,
            { deployment: { id: 3 } },
            { deployment: { ...ended, resultTopics: null } },
            { deployment: ended, document: doc },
          ],
        }),
      ),
      target,
    );
    await d.load(async () => undefined);
    expect((await d.list()).map((x) => [x.id, x.state])).toEqual([[ended.id, 'cancelled']]);
    // Its dashboard sink is known to the live topics (an empty replay), an unknown node is not.
    expect(d.onSubscribe({ kind: 'sink', run: ended.id, node: 't' }, 's')).toEqual({
      initial: [{ type: 'result', sub: 's', run: ended.id, node: 't', events: [], replay: true }],
    });
    expect(d.onSubscribe({ kind: 'sink', run: ended.id, node: 'x' }, 's')).toEqual({
      error: `deployment "${ended.id}" has no dashboard sink "x"`,
    });
    expect(d.onSubscribe({ kind: 'sink', run: 'some-run', node: 't' }, 's')).toBeUndefined();
    await d.close();
  });
});
