import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadDocument, serializeDocument } from '@eventide/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { mergeCommand } from './merge-command.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const base = {
  version: 2,
  name: 'p',
  nodes: [
    { id: 'gen', kind: 'source.generator', params: { seed: 1 } },
    {
      id: 'win',
      kind: 'window.tumbling',
      params: { sizeMs: 5000, allowedLatenessMs: 0, timeMode: 'processing' },
    },
    { id: 'hot', kind: 'transform.filter', params: { condition: 'count > 2' } },
  ],
  edges: [
    { id: 'e1', source: 'gen', target: 'win' },
    { id: 'e2', source: 'win', target: 'hot' },
  ],
};

function setup(ours: unknown, theirs: unknown) {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const f = (n: string) => path.join(t.dir, n);
  writeFileSync(f('base.json'), JSON.stringify(base));
  writeFileSync(f('ours.json'), JSON.stringify(ours));
  writeFileSync(f('theirs.json'), JSON.stringify(theirs));
  return f;
}

async function run(args: string[]) {
  const lines: string[] = [];
  const code = await mergeCommand(args, (l) => lines.push(l));
  return { code, lines };
}

function edited(id: string, params: Record<string, unknown>) {
  const d = structuredClone(base);
  const n = d.nodes.find((x) => x.id === id)!;
  n.params = { ...n.params, ...params };
  return d;
}

describe('eventide merge', () => {
  it('merges edits of different params over OURS in canonical form, exit 0', async () => {
    const f = setup(edited('win', { sizeMs: 10_000 }), edited('win', { allowedLatenessMs: 250 }));
    expect(await run([f('base.json'), f('ours.json'), f('theirs.json')])).toEqual({
      code: 0,
      lines: ['merged cleanly'],
    });
    const text = readFileSync(f('ours.json'), 'utf8');
    const r = loadDocument(JSON.parse(text));
    if (!r.ok) throw new Error('merged file does not load');
    expect(text).toBe(serializeDocument(r.document));
    expect(r.document.nodes.find((n) => n.id === 'win')?.params).toEqual({
      sizeMs: 10_000,
      allowedLatenessMs: 250,
      timeMode: 'processing',
    });
  });

  it('lists a conflict per node and param, keeps ours there, exit 1', async () => {
    const f = setup(edited('hot', { condition: 'count > 5' }), edited('hot', { condition: 'count > 9' }));
    const r = await run([f('base.json'), f('ours.json'), f('theirs.json'), '--output', f('out.json')]);
    expect(r).toEqual({
      code: 1,
      lines: ['conflict: node hot: params.condition: base "count > 2", ours "count > 5", theirs "count > 9"'],
    });
    expect(JSON.parse(readFileSync(f('out.json'), 'utf8')).nodes[1].params.condition).toBe('count > 5');
  });

  it('a clean merge that breaks the pipeline is reported too', async () => {
    const ours = structuredClone(base);
    ours.edges.push({ id: 'e3', source: 'hot', target: 'win' });
    const theirs = structuredClone(base);
    theirs.nodes = theirs.nodes.filter((n) => n.id !== 'hot');
    theirs.edges = theirs.edges.filter((e) => e.id !== 'e2');
    const f = setup(ours, theirs);
    const r = await run([f('base.json'), f('ours.json'), f('theirs.json'), '--output', f('out.json')]);
    expect(r.code).toBe(1);
    expect(r.lines.some((l) => l.startsWith('invalid after merge: edge e3'))).toBe(true);
  });

  it('bad arguments: exit 2', async () => {
    expect((await run(['a.json', 'b.json'])).code).toBe(2);
  });
});
