import { describe, expect, it } from 'vitest';
import { canonicalJson, diffRows, valuesMatch } from './row-diff.js';

const exact = { match: 'exact', tolerance: 0 } as const;
const unordered = { match: 'unordered', tolerance: 0 } as const;

describe('diffRows', () => {
  it('passes equal rows, in order or as a multiset', () => {
    const rows = [
      { k: 'a', n: 1 },
      { k: 'b', n: 2 },
      { k: 'b', n: 2 },
    ];
    expect(diffRows(rows, structuredClone(rows), exact).passed).toBe(true);
    expect(diffRows(rows, [rows[2], rows[0], rows[1]], unordered).passed).toBe(true);
  });

  it('in exact mode, an inserted row is one extra row, not a shifted tail of changes', () => {
    const expected = [{ k: 'a' }, { k: 'b' }, { k: 'c' }, { k: 'd' }];
    const actual = [{ k: 'a' }, { x: 1, y: 2 }, { k: 'b' }, { k: 'c' }, { k: 'd' }];
    const d = diffRows(expected, actual, exact);
    expect(d.passed).toBe(false);
    expect(d.extra).toEqual([{ index: 1, row: { x: 1, y: 2 } }]);
    expect(d.missing).toEqual([]);
    expect(d.changed).toEqual([]);
  });

  it('a row that differs in few fields is one changed row with the fields named', () => {
    const d = diffRows(
      [{ user: 'u1', attempts: 3, start: 10 }],
      [{ user: 'u1', attempts: 4, start: 10 }],
      exact,
    );
    expect(d.changed).toEqual([
      { expectedIndex: 0, actualIndex: 0, fields: [{ path: 'attempts', expected: 3, actual: 4 }] },
    ]);
    expect(d.missing).toEqual([]);
    expect(d.extra).toEqual([]);
  });

  it('rows that differ in most fields are missing and extra, not changed', () => {
    const d = diffRows([{ a: 1, b: 2, c: 3 }], [{ a: 9, b: 8, c: 3 }], exact);
    expect(d.missing).toHaveLength(1);
    expect(d.extra).toHaveLength(1);
    expect(d.changed).toHaveLength(0);
  });

  it('exact mode fails on a different order that unordered mode accepts', () => {
    const expected = [{ k: 1 }, { k: 2 }];
    const actual = [{ k: 2 }, { k: 1 }];
    expect(diffRows(expected, actual, exact).passed).toBe(false);
    expect(diffRows(expected, actual, unordered).passed).toBe(true);
  });

  it('unordered mode counts duplicates', () => {
    const d = diffRows([{ k: 1 }, { k: 1 }], [{ k: 1 }], unordered);
    expect(d.missing).toEqual([{ index: 1, row: { k: 1 } }]);
  });

  it('numbers match within the relative tolerance, in both modes', () => {
    const expected = [{ avg: 1 / 3 }, { avg: 2 }];
    const actual = [{ avg: 2 * (1 + 1e-12) }, { avg: 0.3333333333333 }];
    expect(diffRows(expected, actual, { match: 'unordered', tolerance: 1e-9 }).passed).toBe(true);
    expect(diffRows(expected, actual, unordered).passed).toBe(false);
    expect(diffRows(expected, [...actual].reverse(), { match: 'exact', tolerance: 1e-9 }).passed).toBe(true);
  });

  it('large outputs are aligned by position without a quadratic table', () => {
    const expected = Array.from({ length: 3000 }, (_, i) => ({ i, kind: 'bid' }));
    const actual = expected.map((r) => (r.i === 1500 ? { i: -1, kind: 'bid' } : r));
    const d = diffRows(expected, actual, exact);
    expect(d.changed).toEqual([
      { expectedIndex: 1500, actualIndex: 1500, fields: [{ path: 'i', expected: 1500, actual: -1 }] },
    ]);
  });
});

describe('valuesMatch and canonicalJson', () => {
  it('compare nested values, key order aside', () => {
    expect(valuesMatch({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, 0)).toBe(true);
    expect(valuesMatch({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }, 0)).toBe(false);
    expect(valuesMatch({ a: 1 }, { a: 1, b: undefined }, 0)).toBe(false);
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});
