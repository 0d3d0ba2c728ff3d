import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feed, harness, results } from '../../../test/support/operator-context.js';
import type { Event } from '../../runtime/operator.js';

/** count where / sum where (an aggregation's optional `where`), on the flat and the object cells. */
const aggregations = [
  { name: 'n', fn: 'count' },
  { name: 'cheap', fn: 'count', where: 'price < 100' },
  { name: 'cheap_total', fn: 'sum', field: 'price', where: 'price < 100' },
  { name: 'web_total', fn: 'sum', field: 'price', where: 'channel == "web"' },
];
const withMax = [...aggregations, { name: 'top', fn: 'max', field: 'price', where: 'channel == "web"' }];

function tumbling(aggs: unknown[]) {
  return harness('window.tumbling', {
    sizeMs: 10,
    offsetMs: 0,
    keyBy: ['k'],
    aggregations: aggs,
    allowedLatenessMs: 0,
    earlyFireMs: 0,
    timeMode: 'event',
  });
}

const ev = (k: string, price: number, channel: string): Event => ({ k, price, channel });

describe('filtered aggregations (where)', () => {
  it('count where and sum where take only the events whose condition holds', () => {
    for (const aggs of [aggregations, withMax]) {
      const { op, ctx } = tumbling(aggs);
      feed(op, [
        [1, ev('a', 50, 'web')],
        [2, ev('a', 150, 'web')],
        [3, ev('a', 20, 'app')],
        [4, ev('b', 500, 'app')],
      ]);
      op.onWatermark(Number.POSITIVE_INFINITY);
      const out = results(ctx).map(({ k, n, cheap, cheap_total, web_total }) => ({
        k,
        n,
        cheap,
        cheap_total,
        web_total,
      }));
      expect(out).toEqual([
        { k: 'a', n: 3, cheap: 2, cheap_total: 70, web_total: 200 },
        { k: 'b', n: 1, cheap: 0, cheap_total: 0, web_total: 0 },
      ]);
      if (aggs === withMax) expect(results(ctx).map((r) => r.top)).toEqual([150, null]);
    }
  });

  it('an event whose condition fails to evaluate goes to the error port, naming the aggregation, and counts nowhere', () => {
    const { op, ctx } = tumbling([
      { name: 'n', fn: 'count' },
      { name: 'big', fn: 'count', where: 'price > 10' },
    ]);
    feed(op, [
      [1, { k: 'a', price: 'x' }],
      [2, { k: 'a', price: 20 }],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(ctx.recorded.errors).toHaveLength(1);
    expect(ctx.recorded.errors[0]?.message).toMatch(/^aggregation "big" where: /);
    expect(results(ctx).map((r) => [r.n, r.big])).toEqual([[1, 1]]);
  });

  it('equals a filter-then-aggregate oracle, in tumbling and session windows', () => {
    const event = fc.record({
      t: fc.integer({ min: 0, max: 200 }),
      k: fc.constantFrom('a', 'b', 'c'),
      price: fc.integer({ min: 0, max: 200 }),
      channel: fc.constantFrom('web', 'app'),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (input) => {
        const sorted = [...input].sort((x, y) => x.t - y.t);
        const rows: [number, Event][] = sorted.map((e) => [e.t, ev(e.k, e.price, e.channel)]);
        const { op, ctx } = tumbling(withMax);
        feed(op, rows);
        op.onWatermark(Number.POSITIVE_INFINITY);
        const expected = new Map<string, Record<string, unknown>>();
        for (const e of sorted) {
          const id = `${Math.floor(e.t / 10)}|${e.k}`;
          const r = expected.get(id) ?? { n: 0, cheap: 0, cheap_total: 0, web_total: 0, top: null };
          r.n = (r.n as number) + 1;
          if (e.price < 100) {
            r.cheap = (r.cheap as number) + 1;
            r.cheap_total = (r.cheap_total as number) + e.price;
          }
          if (e.channel === 'web') {
            r.web_total = (r.web_total as number) + e.price;
            r.top = Math.max((r.top as number | null) ?? Number.NEGATIVE_INFINITY, e.price);
          }
          expected.set(id, r);
        }
        const got = new Map(
          results(ctx).map((r) => [
            `${(r.window_start as number) / 10}|${r.k}`,
            { n: r.n, cheap: r.cheap, cheap_total: r.cheap_total, web_total: r.web_total, top: r.top },
          ]),
        );
        expect(got).toEqual(expected);

        // Session windows (object cells, merged sessions): per key, the same filter-then-aggregate.
        const s = harness('window.session', {
          gapMs: 1000,
          keyBy: ['k'],
          aggregations,
          allowedLatenessMs: 0,
          earlyFireMs: 0,
          timeMode: 'event',
        });
        feed(s.op, rows);
        s.op.onWatermark(Number.POSITIVE_INFINITY);
        for (const r of results(s.ctx)) {
          const of = sorted.filter((e) => e.k === r.k);
          expect(r.cheap).toBe(of.filter((e) => e.price < 100).length);
          expect(r.web_total).toBe(of.filter((e) => e.channel === 'web').reduce((a, e) => a + e.price, 0));
        }
      }),
      { numRuns: 60 },
    );
  });
});
