import { describe, expect, test } from 'vitest';
import { diffDocuments, fieldChanges, formatDiff, isEmptyDiff } from './diff.js';
import { windowPipeline } from './test-docs.js';

describe('diffDocuments', () => {
  test('the same pipeline: no difference', () => {
    expect(isEmptyDiff(diffDocuments(windowPipeline(), windowPipeline()), true)).toBe(true);
  });

  test('added, removed and changed nodes and edges, params field by field', () => {
    const a = windowPipeline();
    const b = structuredClone(a);
    const win = b.nodes.find((n) => n.id === 'win');
    if (!win) throw new Error('no win');
    win.params = {
      ...win.params,
      sizeMs: 10_000,
      aggregations: [
        { name: 'count', fn: 'count' },
        { name: 'avg_t', fn: 'avg', field: 'temperature' },
      ],
    };
    b.nodes = b.nodes.filter((n) => n.id !== 'hot');
    b.nodes.push({ id: 'log', kind: 'sink.console', params: {} });
    b.edges = b.edges.filter((e) => e.id !== 'e3' && e.id !== 'e4');
    b.edges.push({ id: 'e5', source: 'win', sourcePort: 'out', target: 'out', targetPort: 'in' });
    b.layout.positions.gen = { x: 5, y: 5 };

    const d = diffDocuments(a, b);
    expect(d.nodes).toEqual([
      { id: 'hot', status: 'removed', kind: 'transform.filter', changes: [] },
      { id: 'log', status: 'added', kind: 'sink.console', changes: [] },
      {
        id: 'win',
        status: 'changed',
        kind: 'window.tumbling',
        changes: [
          {
            path: 'params.aggregations.1',
            before: undefined,
            after: { name: 'avg_t', fn: 'avg', field: 'temperature' },
          },
          { path: 'params.sizeMs', before: 5000, after: 10_000 },
        ],
      },
    ]);
    expect(d.edges.map((e) => [e.id, e.status, e.route])).toEqual([
      ['e3', 'removed', 'win.out -> hot.in'],
      ['e4', 'removed', 'hot.out -> out.in'],
      ['e5', 'added', 'win.out -> out.in'],
    ]);
    expect(d.layout.moved).toEqual(['gen']);
    expect(isEmptyDiff(d)).toBe(false);
    expect(formatDiff(d)).toEqual([
      '- node hot (transform.filter) removed',
      '+ node log (sink.console) added',
      '~ node win (window.tumbling)',
      '    params.aggregations.1: + {"name":"avg_t","fn":"avg","field":"temperature"}',
      '    params.sizeMs: 5000 -> 10000',
      '- edge e3 win.out -> hot.in removed',
      '- edge e4 hot.out -> out.in removed',
      '+ edge e5 win.out -> out.in added',
      '~ layout: moved gen',
    ]);
  });

  test('a moved node alone is a layout change, not a logic change', () => {
    const b = windowPipeline();
    b.layout.positions.win = { x: 1, y: 1 };
    const d = diffDocuments(windowPipeline(), b);
    expect(isEmptyDiff(d)).toBe(true);
    expect(isEmptyDiff(d, true)).toBe(false);
  });
});

describe('fieldChanges', () => {
  test('arrays of primitives change whole; objects key by key; key order does not matter', () => {
    expect(
      fieldChanges({ keyBy: ['a'], x: { y: 1, z: 2 } }, { x: { z: 2, y: 3 }, keyBy: ['a', 'b'] }),
    ).toEqual([
      { path: 'keyBy', before: ['a'], after: ['a', 'b'] },
      { path: 'x.y', before: 1, after: 3 },
    ]);
  });
});
