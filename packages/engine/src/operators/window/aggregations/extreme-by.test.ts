import type { Aggregation } from '@eventide/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feed, harness, results } from '../../../../test/support/operator-context.js';
import type { Event } from '../../../runtime/operator.js';
import { compareValues } from '../compare.js';
import { AggregatorSet } from './aggregator-set.js';

const winner: Aggregation[] = [
  { name: 'top_bidder', fn: 'max_by', field: 'bidder', by: 'price' },
  { name: 'low_bidder', fn: 'min_by', field: 'bidder', by: 'price' },
];

/** Adds [time, event] pairs in list order, in two accumulators merged after a JSON snapshot of each. */
function aggregate(
  aggs: Aggregation[],
  input: [number, Event][],
  split = input.length,
): Record<string, unknown> {
  const set = new AggregatorSet(aggs);
  const a = set.create();
  const b = set.create();
  input.forEach(([t, e], seq) => {
    if (set.reject(e) === undefined) set.add(seq < split ? a : b, e, t, seq);
  });
  const a2 = set.fromJSON(JSON.parse(JSON.stringify(set.toJSON(a))));
  set.merge(a2, set.fromJSON(JSON.parse(JSON.stringify(set.toJSON(b)))));
  const out: Record<string, unknown> = {};
  set.writeResults(a2, out);
  return out;
}

describe('max_by / min_by', () => {
  it('return the value of the event with the largest / smallest by value', () => {
    const out = aggregate(winner, [
      [1, { bidder: 'ann', price: 30 }],
      [2, { bidder: 'bob', price: 90 }],
      [3, { bidder: 'cyd', price: 10 }],
      [4, { bidder: 'dan', price: 50 }],
    ]);
    expect(out).toEqual({ top_bidder: 'bob', low_bidder: 'cyd' });
  });

  it('break ties by the earliest event time, then by the smaller value, never by arrival', () => {
    const tied: [number, Event][] = [
      [7, { bidder: 'zed', price: 90 }],
      [5, { bidder: 'yan', price: 90 }],
      [5, { bidder: 'xia', price: 90 }],
      [9, { bidder: 'amy', price: 90 }],
    ];
    for (const order of [tied, [...tied].reverse()])
      expect(aggregate([winner[0] as Aggregation], order).top_bidder).toBe('xia');
  });

  it('skip events without a by value; a chosen event without the value gives null', () => {
    expect(
      aggregate(winner, [
        [1, { bidder: 'ann' }],
        [2, { bidder: 'bob', price: null }],
        [3, { price: 70 }],
        [4, { bidder: 'dan', price: 20 }],
      ]),
    ).toEqual({ top_bidder: null, low_bidder: 'dan' });
    expect(aggregate(winner, [[1, { bidder: 'ann' }]])).toEqual({ top_bidder: null, low_bidder: null });
  });

  it('without a field, return the whole event: the row of the maximum', () => {
    const out = aggregate(
      [{ name: 'winner', fn: 'max_by', by: 'price' }],
      [
        [1, { bidder: 'ann', price: 30, extra: 'x' }],
        [2, { bidder: 'bob', price: 90, extra: 'y' }],
      ],
    );
    expect(out).toEqual({ winner: { bidder: 'bob', price: 90, extra: 'y' } });
  });

  it('take only the events their where holds', () => {
    const out = aggregate(
      [{ name: 'web_top', fn: 'max_by', field: 'bidder', by: 'price', where: 'channel == "web"' }],
      [
        [1, { bidder: 'ann', price: 30, channel: 'web' }],
        [2, { bidder: 'bob', price: 90, channel: 'app' }],
      ],
    );
    expect(out).toEqual({ web_top: 'ann' });
  });

  it('give the same result column-wise in a tumbling window (addRows) as event by event', () => {
    const { op, ctx } = harness('window.tumbling', {
      sizeMs: 10,
      offsetMs: 0,
      keyBy: ['auction'],
      aggregations: winner,
      allowedLatenessMs: 0,
      earlyFireMs: 0,
      timeMode: 'event',
    });
    feed(op, [
      [1, { auction: 1, bidder: 'ann', price: 30 }],
      [2, { auction: 1, bidder: 'bob', price: 90 }],
      [3, { auction: 2, bidder: 'cyd', price: 10 }],
      [4, { auction: 1, bidder: 'amy', price: 90 }],
      [12, { auction: 1, bidder: 'dan', price: 5 }],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(
      results(ctx).map(({ auction, window_start, top_bidder, low_bidder }) => [
        auction,
        window_start,
        top_bidder,
        low_bidder,
      ]),
    ).toEqual([
      [1, 0, 'bob', 'ann'],
      [2, 0, 'cyd', 'cyd'],
      [1, 10, 'dan', 'dan'],
    ]);
  });

  it('equal an oracle that sorts the events, in any arrival order and any split of the input', () => {
    const value = fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 3 }), fc.constant(null));
    const event = fc.record({
      t: fc.integer({ min: 0, max: 6 }),
      by: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      v: fc.option(value, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), fc.nat(), (events, cut) => {
        const input: [number, Event][] = events.map(({ t, by, v }) => [
          t,
          { ...(by === undefined ? {} : { price: by }), ...(v === undefined ? {} : { bidder: v }) },
        ]);
        const oracle = (sign: number) => {
          const candidates = events
            .filter((e) => e.by !== undefined)
            .sort(
              (x, y) =>
                sign * ((x.by as number) - (y.by as number)) ||
                x.t - y.t ||
                compareValues(x.v ?? null, y.v ?? null),
            );
          return candidates.length === 0 ? null : (candidates[0]?.v ?? null);
        };
        const split = input.length === 0 ? 0 : cut % (input.length + 1);
        expect(aggregate(winner, input, split)).toEqual({ top_bidder: oracle(-1), low_bidder: oracle(1) });
      }),
      { numRuns: 500 },
    );
  });
});
