import { describe, expect, test } from 'vitest';
import { formatConflict, mergeDocuments } from './merge.js';
import { editParams as edit, windowPipeline } from './test-docs.js';

describe('mergeDocuments', () => {
  test('edits of different params and nodes merge cleanly', () => {
    const base = windowPipeline();
    const ours = edit(base, 'win', { sizeMs: 10_000 });
    ours.layout.positions.win = { x: 1, y: 2 };
    const theirs = edit(edit(base, 'win', { allowedLatenessMs: 500 }), 'hot', { condition: 'count > 5' });
    theirs.nodes.push({ id: 'log', kind: 'sink.console', params: {} });
    theirs.edges.push({ id: 'e9', source: 'win', sourcePort: 'out', target: 'log', targetPort: 'in' });

    const { document, conflicts } = mergeDocuments(base, ours, theirs);
    expect(conflicts).toEqual([]);
    const win = document.nodes.find((n) => n.id === 'win');
    expect(win?.params).toMatchObject({ sizeMs: 10_000, allowedLatenessMs: 500 });
    expect(document.nodes.find((n) => n.id === 'hot')?.params.condition).toBe('count > 5');
    expect(document.nodes.map((n) => n.id)).toContain('log');
    expect(document.edges.map((e) => e.id)).toContain('e9');
    expect(document.layout.positions.win).toEqual({ x: 1, y: 2 });
  });

  test('the same param changed differently: a conflict naming node and param; ours kept', () => {
    const base = windowPipeline();
    const { document, conflicts } = mergeDocuments(
      base,
      edit(base, 'win', { sizeMs: 10_000 }),
      edit(base, 'win', { sizeMs: 60_000 }),
    );
    expect(conflicts).toEqual([
      { node: 'win', path: 'params.sizeMs', base: 5000, ours: 10_000, theirs: 60_000 },
    ]);
    expect(formatConflict(conflicts[0]!)).toBe(
      'conflict: node win: params.sizeMs: base 5000, ours 10000, theirs 60000',
    );
    expect(document.nodes.find((n) => n.id === 'win')?.params.sizeMs).toBe(10_000);
  });

  test('both made the same change: no conflict', () => {
    const base = windowPipeline();
    const both = edit(base, 'hot', { condition: 'count > 9' });
    expect(mergeDocuments(base, both, structuredClone(both)).conflicts).toEqual([]);
  });

  test('removed on one side, changed on the other: a conflict, the changed node kept', () => {
    const base = windowPipeline();
    const ours = structuredClone(base);
    ours.nodes = ours.nodes.filter((n) => n.id !== 'hot');
    const theirs = edit(base, 'hot', { condition: 'count > 1' });
    const { document, conflicts } = mergeDocuments(base, ours, theirs);
    expect(conflicts.map(formatConflict)).toEqual([
      'conflict: node hot: base present, ours removed, theirs changed',
    ]);
    expect(document.nodes.find((n) => n.id === 'hot')?.params.condition).toBe('count > 1');
  });

  test('removed on one side, untouched on the other: removed, with its layout', () => {
    const base = windowPipeline();
    const theirs = structuredClone(base);
    theirs.nodes = theirs.nodes.filter((n) => n.id !== 'out');
    theirs.edges = theirs.edges.filter((e) => e.id !== 'e4');
    const { document, conflicts } = mergeDocuments(base, structuredClone(base), theirs);
    expect(conflicts).toEqual([]);
    expect(document.nodes.map((n) => n.id)).not.toContain('out');
    expect(document.layout.positions.out).toBeUndefined();
    expect(document.layout.dashboard.panels).toEqual([]);
  });
});
