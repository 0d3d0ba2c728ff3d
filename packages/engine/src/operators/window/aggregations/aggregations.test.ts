import type { Aggregation } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../runtime/operator.js';
import { AggregatorSet } from './aggregator-set.js';
import { RELATIVE_ACCURACY } from './percentile.js';

/** Aggregates [time, event] pairs (arrival order = list order) and returns the results. */
function aggregate(aggs: Aggregation[], input: [number, Event][]): Record<string, unknown> {
  const set = new AggregatorSet(aggs);
  const accs = set.create();
  input.forEach(([t, e], seq) => {
    set.add(accs, e, t, seq);
  });
  const out: Record<string, unknown> = {};
  set.writeResults(accs, out);
  return out;
}

/** Aggregates the input split in two, merged, and via a JSON snapshot: all must agree. */
function aggregateMerged(aggs: Aggregation[], input: [number, Event][], split: number) {
  const set = new AggregatorSet(aggs);
  const a = set.create();
  const b = set.create();
  input.forEach(([t, e], seq) => {
    set.add(seq < split ? a : b, e, t, seq);
  });
  const a2 = set.fromJSON(JSON.parse(JSON.stringify(set.toJSON(a))));
  const b2 = set.fromJSON(JSON.parse(JSON.stringify(set.toJSON(b))));
  set.merge(a2, b2);
  const out: Record<string, unknown> = {};
  set.writeResults(a2, out);
  return out;
}

const input: [number, Event][] = [
  [5, { x: 3, s: 'b' }],
  [1, { x: -1, s: 'a' }],
  [9, { x: 7, s: 'b' }],
  [1, { x: 10, s: 'c' }],
  [4, { s: 'b' }],
  [9, { x: 2, s: 'a', y: null }],
];

const all: Aggregation[] = [
  { name: 'n', fn: 'count' },
  { name: 'nx', fn: 'count', field: 'x' },
  { name: 'sum', fn: 'sum', field: 'x' },
  { name: 'avg', fn: 'avg', field: 'x' },
  { name: 'min', fn: 'min', field: 'x' },
  { name: 'max', fn: 'max', field: 's' },
  { name: 'first', fn: 'first', field: 'x' },
  { name: 'last', fn: 'last', field: 'x' },
  { name: 'distinct', fn: 'distinct_count', field: 's' },
  { name: 'top', fn: 'top_n', field: 's', limit: 2 },
  { name: 'vals', fn: 'collect', field: 'x', limit: 3 },
  { name: 'nothing', fn: 'avg', field: 'y' },
  { name: 'none_first', fn: 'first', field: 'y' },
  { name: 'none_sum', fn: 'sum', field: 'y' },
];

describe('aggregations', () => {
  it('compute each function by hand-checked values, skipping null and missing values', () => {
    expect(aggregate(all, input)).toEqual({
      n: 6,
      nx: 5,
      sum: 21,
      avg: 21 / 5,
      min: -1,
      max: 'c',
      // Earliest time is 1, twice: the first to arrive wins; latest is 9, twice: the last to arrive.
      first: -1,
      last: 2,
      distinct: 3,
      // b 3 times; a and c twice and once.
      top: [
        { value: 'b', count: 3 },
        { value: 'a', count: 2 },
      ],
      // By event time, ties by arrival, the earliest 3 kept: -1 (t1), 10 (t1), 3 (t5).
      vals: [-1, 10, 3],
      nothing: null,
      none_first: null,
      none_sum: 0,
    });
  });

  it('give the same results when partial accumulators are snapshotted to JSON and merged', () => {
    for (let split = 0; split <= input.length; split++)
      expect(aggregateMerged(all, input, split)).toEqual(aggregate(all, input));
  });

  it('break top_n ties by value', () => {
    const r = aggregate(
      [{ name: 't', fn: 'top_n', field: 'v', limit: 3 }],
      [9, 'z', 3, 'z', 9, 3, 1].map((v, i) => [i, { v }]),
    );
    expect(r.t).toEqual([
      { value: 3, count: 2 },
      { value: 9, count: 2 },
      { value: 'z', count: 2 },
    ]);
  });

  it('count what collect drops over its limit', () => {
    const set = new AggregatorSet([{ name: 'c', fn: 'collect', field: 'v', limit: 2 }]);
    const accs = set.create();
    [30, 10, 20, 40].forEach((t, seq) => {
      set.add(accs, { v: t }, t, seq);
    });
    const out: Record<string, unknown> = {};
    set.writeResults(accs, out);
    expect(out.c).toEqual([10, 20]);
    expect(set.takeDropped(accs)).toBe(2);
    expect(set.takeDropped(accs)).toBe(0);
  });

  it('reject an event whose summed field is not a number', () => {
    const set = new AggregatorSet([{ name: 's', fn: 'sum', field: 'v' }]);
    expect(set.reject({ v: 1 })).toBeUndefined();
    expect(set.reject({})).toBeUndefined();
    expect(set.reject({ v: [1] })).toBe('field "v" is a list, not a number');
  });

  it('estimate percentiles within the DDSketch relative accuracy, also after a JSON round trip and merge', () => {
    // A skewed sample with negatives, zeros and a long tail.
    const values: number[] = [];
    let seed = 42;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const u = seed / 2 ** 31;
      values.push(i % 50 === 0 ? 0 : i % 7 === 0 ? -u * 100 : Math.exp(u * 10));
    }
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.99, 0.999]) {
      const aggs: Aggregation[] = [{ name: 'p', fn: 'percentile', field: 'v', quantile: q }];
      const events: [number, Event][] = values.map((v, i) => [i, { v }]);
      const rank = q * (values.length - 1);
      const lo = sorted[Math.floor(rank)] as number;
      const hi = sorted[Math.ceil(rank)] as number;
      for (const p of [aggregate(aggs, events).p, aggregateMerged(aggs, events, 7_000).p] as number[]) {
        const slack = RELATIVE_ACCURACY * Math.max(Math.abs(lo), Math.abs(hi)) + 1e-9;
        expect(p).toBeGreaterThanOrEqual(Math.min(lo, hi) - slack);
        expect(p).toBeLessThanOrEqual(Math.max(lo, hi) + slack);
      }
    }
  });
});

describe('addRows', () => {
  it('adds a batch column-wise exactly as add() does row by row', () => {
    const set = new AggregatorSet(all);
    const byRow = [set.create(), set.create()];
    const byColumn = [set.create(), set.create()];
    const events = input.map(([, e]) => e);
    const times = input.map(([t]) => t);
    // Rows alternate between two windows; row 2 goes to both.
    const rows = [0, 1, 2, 2, 3, 4, 5];
    const targets = rows.map((row, k) => byColumn[k === 3 ? 1 : row % 2] as unknown[]);
    rows.forEach((row, k) => {
      set.add(
        byRow[k === 3 ? 1 : row % 2] as unknown[],
        events[row] as Event,
        times[row] as number,
        100 + row,
      );
    });
    set.addRows({ targets, rows, n: rows.length, events, times, seqBase: 100 });
    for (const w of [0, 1]) {
      const a: Record<string, unknown> = {};
      const b: Record<string, unknown> = {};
      set.writeResults(byRow[w] as unknown[], a);
      set.writeResults(byColumn[w] as unknown[], b);
      expect(b).toEqual(a);
    }
  });
});
