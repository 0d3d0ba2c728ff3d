import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { diffCommand } from './diff-command.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function files(docs: Record<string, unknown>): (name: string) => string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  for (const [name, doc] of Object.entries(docs)) writeFileSync(path.join(t.dir, name), JSON.stringify(doc));
  return (name) => path.join(t.dir, name);
}

interface TestDoc {
  version: number;
  name: string;
  nodes: { id: string; kind: string; params: Record<string, unknown> }[];
  edges: { id: string; source: string; target: string }[];
  layout: { positions: Record<string, { x: number; y: number }> };
}

const base: TestDoc = {
  version: 2,
  name: 'p',
  nodes: [
    { id: 'gen', kind: 'source.generator', params: { seed: 1 } },
    { id: 'win', kind: 'window.tumbling', params: { sizeMs: 5000 } },
  ],
  edges: [{ id: 'e1', source: 'gen', target: 'win' }],
  layout: { positions: { gen: { x: 0, y: 0 }, win: { x: 300, y: 0 } } },
};

async function run(args: string[]) {
  const lines: string[] = [];
  const code = await diffCommand(args, (l) => lines.push(l));
  return { code, lines };
}

describe('eventide diff', () => {
  it('prints nodes, params field by field, edges and layout; exit 1 when they differ', async () => {
    const changed = structuredClone(base);
    changed.nodes[1]!.params.sizeMs = 10_000;
    changed.nodes.push({ id: 'log', kind: 'sink.console', params: {} });
    changed.edges.push({ id: 'e2', source: 'win', target: 'log' });
    changed.layout.positions.gen = { x: 50, y: 0 };
    const f = files({ 'a.json': base, 'b.json': changed });
    expect(await run([f('a.json'), f('b.json')])).toEqual({
      code: 1,
      lines: [
        '+ node log (sink.console) added',
        '~ node win (window.tumbling)',
        '    params.sizeMs: 5000 -> 10000',
        '+ edge e2 win.out -> log.in added',
        '~ layout: moved gen',
      ],
    });
    expect((await run([f('a.json'), f('b.json'), '--logic'])).lines).not.toContain('~ layout: moved gen');
  });

  it('a version-1 file against its version-2 form: no differences, exit 0', async () => {
    const v1 = {
      version: 1,
      name: 'p',
      nodes: [
        { id: 'gen', kind: 'source.generator', params: { seed: 1 }, position: { x: 0, y: 0 } },
        { id: 'win', kind: 'window.tumbling', params: { sizeMs: 5000 }, position: { x: 300, y: 0 } },
      ],
      edges: [{ id: 'e1', source: 'gen', target: 'win' }],
    };
    const f = files({ 'v1.json': v1, 'v2.json': base });
    expect(await run([f('v1.json'), f('v2.json')])).toEqual({ code: 0, lines: ['no differences'] });
  });

  it('bad arguments and unreadable files: exit 2 with the reason', async () => {
    expect((await run(['only-one.json'])).code).toBe(2);
    const f = files({ 'a.json': base });
    const r = await run([f('a.json'), f('missing.json')]);
    expect(r.code).toBe(2);
    expect(r.lines[0]).toMatch(/missing\.json: cannot read: ENOENT/);
  });
});
