import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { serializeDocument } from './canonical.js';
import { loadDocument } from './load.js';
import { windowPipeline } from './test-docs.js';

describe('serializeDocument', () => {
  test('two saves of the same pipeline are byte-identical, whatever the order it was built in', () => {
    const a = windowPipeline();
    const b = structuredClone(a);
    b.nodes.reverse();
    b.edges.reverse();
    b.layout.positions = Object.fromEntries(Object.entries(b.layout.positions).reverse());
    const n = b.nodes.find((x) => x.id === 'win');
    if (n) n.params = Object.fromEntries(Object.entries(n.params).reverse());
    expect(serializeDocument(b)).toBe(serializeDocument(a));
  });

  test('keys in a fixed order, nodes and edges by id, layout last', () => {
    const text = serializeDocument(windowPipeline());
    const top = Object.keys(JSON.parse(text));
    expect(top).toEqual(['version', 'name', 'settings', 'nodes', 'edges', 'layout']);
    const parsed = JSON.parse(text);
    expect(parsed.nodes.map((n: { id: string }) => n.id)).toEqual(['gen', 'hot', 'out', 'ts', 'win']);
    expect(Object.keys(parsed.nodes[4])).toEqual(['id', 'kind', 'params']);
    expect(Object.keys(parsed.nodes[4].params)).toEqual([...Object.keys(parsed.nodes[4].params)].sort());
  });

  test('a moved node is a one-line change', () => {
    const a = windowPipeline();
    const b = structuredClone(a);
    b.layout.positions.win = { x: 420, y: 35 };
    const before = serializeDocument(a).split('\n');
    const after = serializeDocument(b).split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toEqual(['      "win": { "x": 420, "y": 35 }']);
  });

  test('reads back to the same document', () => {
    const a = windowPipeline();
    const text = serializeDocument(a);
    const r = loadDocument(JSON.parse(text));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(serializeDocument(r.document)).toBe(text);
    expect(r.document.nodes).toEqual(expect.arrayContaining(a.nodes));
    expect(r.document.layout).toEqual(a.layout);
  });
});

describe('the repository examples', () => {
  test('are stored in canonical form (`eventide format`), which is their formatter instead of biome', () => {
    const dir = join(import.meta.dirname, '../../../../examples');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.json') && !f.includes('tests/'),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      const loaded = loadDocument(JSON.parse(text));
      if (!loaded.ok) throw new Error(`${f}: ${JSON.stringify(loaded.errors)}`);
      expect(serializeDocument(loaded.document), f).toBe(text);
    }
  });
});
