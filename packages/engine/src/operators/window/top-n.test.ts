import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feed, harness, results } from '../../../test/support/operator-context.js';
import type { Event } from '../../runtime/operator.js';

const topN = (params: Record<string, unknown> = {}, restore?: unknown) =>
  harness(
    'window.top-n',
    {
      sizeMs: 10,
      offsetMs: 0,
      keyBy: ['k'],
      orderBy: 'v',
      descending: true,
      n: 2,
      rankField: 'rank',
      timeMode: 'event',
      ...params,
    },
    { restore },
  );

const ev = (k: string, v: number, id: string): Event => ({ k, v, id });

describe('window.top-n', () => {
  it('emits the n best events per key and window with their rank when the window closes', () => {
    const { op, ctx } = topN();
    feed(op, [
      [1, ev('b', 5, 'b1')],
      [2, ev('a', 3, 'a1')],
      [3, ev('a', 9, 'a2')],
      [4, ev('a', 7, 'a3')],
      [12, ev('a', 1, 'a4')],
    ]);
    op.onWatermark(8);
    expect(results(ctx)).toEqual([]);
    op.onWatermark(9);
    expect(results(ctx)).toEqual([
      { k: 'a', v: 9, id: 'a2', window_start: 0, window_end: 10, rank: 1, $time: 9 },
      { k: 'a', v: 7, id: 'a3', window_start: 0, window_end: 10, rank: 2, $time: 9 },
      { k: 'b', v: 5, id: 'b1', window_start: 0, window_end: 10, rank: 1, $time: 9 },
    ]);
    feed(op, [[5, ev('a', 100, 'late')]]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(
      results(ctx)
        .slice(3)
        .map((r) => r.id),
    ).toEqual(['a4']);
    expect(ctx.recorded.late.map((l) => l.event.id)).toEqual(['late']);
  });

  it('ranks ascending when descending is off; ties go to the earlier time, then the earlier arrival', () => {
    const { op, ctx } = topN({ descending: false, n: 3, keyBy: [] });
    feed(op, [
      [5, ev('a', 2, 'x')],
      [3, ev('b', 2, 'y')],
      [3, ev('c', 2, 'z')],
      [1, ev('d', 1, 'w')],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map((r) => [r.id, r.rank])).toEqual([
      ['w', 1],
      ['y', 2],
      ['z', 3],
    ]);
  });

  it('sends an event without a numeric order field or valid time to the error port', () => {
    const h = topN();
    feed(h.op, [
      [1, { k: 'a', v: 'high' }],
      [2, { k: 'a' }],
      [Number.NaN, ev('a', 1, 'x')],
    ]);
    expect(h.events('error').map((e) => e.error)).toEqual([
      'field "v" is string, not a number',
      'field "v" is missing, not a number',
      'event has no valid time',
    ]);
  });

  it('with ties, also keeps every event tied with the n-th, and tied events share a rank (RANK)', () => {
    const { op, ctx } = topN({ n: 2, keyBy: [], withTies: true });
    feed(op, [
      [1, ev('a', 7, 'p')],
      [2, ev('a', 9, 'q')],
      [3, ev('a', 7, 'r')],
      [4, ev('a', 5, 's')],
      [5, ev('a', 7, 't')],
      [6, ev('a', 9, 'u')],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    // 9, 9 fill n = 2; the 7s rank 3 and go. Without ties only the first 9 of each pair would stay.
    expect(results(ctx).map((r) => [r.id, r.rank])).toEqual([
      ['q', 1],
      ['u', 1],
    ]);
    const h = topN({ n: 2, keyBy: [], withTies: true });
    feed(h.op, [
      [1, ev('a', 7, 'p')],
      [2, ev('a', 9, 'q')],
      [3, ev('a', 7, 'r')],
      [4, ev('a', 5, 's')],
      [5, ev('a', 7, 't')],
    ]);
    h.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(h.ctx).map((r) => [r.id, r.rank])).toEqual([
      ['q', 1],
      ['p', 2],
      ['r', 2],
      ['t', 2],
    ]);
  });

  it('equals a sort-per-window oracle for any batching, watermarks, ties and a restore', () => {
    const event = fc.record({
      t: fc.integer({ min: 0, max: 60 }),
      k: fc.constantFrom('a', 'b'),
      v: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(60),
        fc.boolean(),
        (input, n, cut, withTies) => {
          const sorted = input.map((e, i) => ({ ...e, id: i })).sort((a, b) => a.t - b.t);
          // Oracle: group by (window, key), sort by v desc, time, arrival; keep n (ROW_NUMBER), or
          // with ties every event with fewer than n of a higher value (RANK() <= n).
          const groups = new Map<string, typeof sorted>();
          for (const e of sorted) {
            const g = `${String(Math.floor(e.t / 10)).padStart(3, '0')}|${e.k}`;
            groups.set(g, [...(groups.get(g) ?? []), e]);
          }
          const expected = [...groups.keys()].sort().flatMap((g) =>
            (groups.get(g) ?? [])
              .map((e, arrival) => ({ ...e, arrival }))
              .sort((a, b) => b.v - a.v || a.t - b.t || a.arrival - b.arrival)
              .map((e, r, all) => [e.id, withTies ? 1 + all.filter((x) => x.v > e.v).length : r + 1])
              .filter(([, rank]) => (rank as number) <= n),
          );
          let h = topN({ n, withTies });
          const out: Event[] = [];
          sorted.forEach((e, i) => {
            if (i === cut) {
              out.push(...results(h.ctx));
              h = topN({ n, withTies }, JSON.parse(JSON.stringify(h.op.snapshot())));
            }
            feed(h.op, [[e.t, ev(e.k, e.v, String(e.id))]]);
            if (i % 4 === 3) h.op.onWatermark(e.t - 1);
          });
          h.op.onWatermark(Number.POSITIVE_INFINITY);
          out.push(...results(h.ctx));
          expect(out.map((r) => [Number(r.id), r.rank])).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
