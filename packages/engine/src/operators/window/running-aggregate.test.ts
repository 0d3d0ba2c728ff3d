import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feed, harness } from '../../../test/support/operator-context.js';
import type { Event } from '../../runtime/operator.js';

function running(params: Record<string, unknown> = {}, restore?: unknown) {
  return harness(
    'window.running',
    {
      keyBy: ['k'],
      aggregations: [
        { name: 'n', fn: 'count' },
        { name: 'avg', fn: 'avg', field: 'v' },
      ],
      ...params,
    },
    restore === undefined ? {} : { restore },
  );
}

const ev = (k: string, v: number, id = `${k}${v}`): Event => ({ id, k, v });
const brief = (h: ReturnType<typeof running>) =>
  h.events('out').map((r, i) => [h.times('out')[i], r.id, r.n, r.avg]);

describe('window.running', () => {
  it('emits each event with the totals of its key up to its time, once the watermark passes it', () => {
    const h = running();
    feed(h.op, [
      [10, ev('a', 2)],
      [30, ev('a', 6)],
      [20, ev('b', 5)],
      [15, ev('a', 4)], // out of order: applied before the event of 30
    ]);
    expect(h.events('out')).toEqual([]);
    h.op.onWatermark(20);
    expect(brief(h)).toEqual([
      [10, 'a2', 1, 2],
      [15, 'a4', 2, 3],
      [20, 'b5', 1, 5],
    ]);
    h.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(brief(h).at(-1)).toEqual([30, 'a6', 3, 4]);
    expect(h.events('out')[0]).toEqual({ id: 'a2', k: 'a', v: 2, n: 1, avg: 2 });
  });

  it('gives events of one key and one time the same value, whatever their arrival order (RANGE)', () => {
    const h = running();
    feed(h.op, [
      [10, ev('a', 1)],
      [20, ev('a', 3)],
      [20, ev('b', 7)],
      [20, ev('a', 5)],
    ]);
    h.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(brief(h)).toEqual([
      [10, 'a1', 1, 1],
      [20, 'a3', 3, 3],
      [20, 'b7', 1, 7],
      [20, 'a5', 3, 3],
    ]);
  });

  it('sends events at or before the watermark to the late port, and bad ones to the error port', () => {
    const h = running();
    feed(h.op, [[10, ev('a', 1)]]);
    h.op.onWatermark(10);
    feed(h.op, [
      [10, ev('a', 2)],
      [11, { id: 'x', k: 'a', v: 'high' }],
      [Number.NaN, ev('a', 3)],
    ]);
    h.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(h.events('late').map((e) => e.id)).toEqual(['a2']);
    expect(h.events('error').map((e) => e.id)).toEqual(['x', 'a3']);
    expect(brief(h)).toEqual([[10, 'a1', 1, 1]]);
  });

  it('starts a key over when an event comes stateTtlMs or more after its last one, and drops idle keys', () => {
    const h = running({ stateTtlMs: 100 });
    feed(h.op, [
      [0, ev('a', 2)],
      [50, ev('a', 4)],
      [149, ev('a', 6)], // 99 ms after the last: kept
      [249, ev('a', 8)], // 100 ms after: over
      [330, ev('b', 1)],
    ]);
    h.op.onWatermark(300); // the first sweep: nothing idle yet; the next at 400
    h.op.onWatermark(349); // a's last event + 100, between sweeps
    expect(brief(h)).toEqual([
      [0, 'a2', 1, 2],
      [50, 'a4', 2, 3],
      [149, 'a6', 3, 4],
      [249, 'a8', 1, 8],
      [330, 'b1', 1, 1],
    ]);
    expect(h.op.stateSize().keys).toBe(2);
    h.op.onWatermark(400); // a dropped; b (idle until 430) kept
    expect(h.op.stateSize().keys).toBe(1);
  });

  it('applies a batch at once in processing time, at the clock', () => {
    const h = running({ timeMode: 'processing' });
    h.setNow(500);
    feed(h.op, [
      [1, ev('a', 2)],
      [2, ev('a', 4)],
    ]);
    h.setNow(600);
    feed(h.op, [[3, ev('a', 9)]]);
    expect(brief(h)).toEqual([
      [500, 'a2', 2, 3],
      [500, 'a4', 2, 3],
      [600, 'a9', 3, 5],
    ]);
  });

  it('gives the rows of time-sorted input for any arrival order, with or without a TTL, across a snapshot', () => {
    const event = fc.record({
      t: fc.integer({ min: 0, max: 50 }),
      k: fc.constantFrom('a', 'b'),
      v: fc.integer({ min: 0, max: 9 }),
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 30 }),
        fc.nat(),
        fc.constantFrom(0, 5, 15),
        (input, cut, ttl) => {
          const rows = (order: typeof input, at: number) => {
            const first = running({ stateTtlMs: ttl });
            const feedAll = (h: ReturnType<typeof running>, xs: typeof input) =>
              feed(
                h.op,
                xs.map((e, i) => [e.t, ev(e.k, e.v, `${e.k}${e.t}.${e.v}.${i}`)]),
              );
            feedAll(first, order.slice(0, at));
            const second = running({ stateTtlMs: ttl }, JSON.parse(JSON.stringify(first.op.snapshot())));
            feed(
              second.op,
              order.slice(at).map((e, i) => [e.t, ev(e.k, e.v, `${e.k}${e.t}.${e.v}.${i + at}`)]),
            );
            second.op.onWatermark(Number.POSITIVE_INFINITY);
            return [...first.events('out'), ...second.events('out')].map((r) => [r.k, r.v, r.n, r.avg]);
          };
          const at = cut % (input.length + 1);
          // The oracle: per key, the count and mean of every event at or before each event's time and
          // since the key last started over (a time ttl or more after the key's previous time).
          const startOf = (k: string, t: number) => {
            const times = [...new Set(input.filter((x) => x.k === k && x.t <= t).map((x) => x.t))].sort(
              (a, b) => a - b,
            );
            let start = times[0] as number;
            for (let i = 1; i < times.length; i++)
              if (ttl > 0 && times[i]! - times[i - 1]! >= ttl) start = times[i]!;
            return start;
          };
          const expected = input.map((e) => {
            const upTo = input.filter((x) => x.k === e.k && x.t <= e.t && x.t >= startOf(e.k, e.t));
            return [e.k, e.v, upTo.length, upTo.reduce((s, x) => s + x.v, 0) / upTo.length];
          });
          const sortRows = (xs: unknown[][]) => xs.map((x) => JSON.stringify(x)).sort();
          expect(sortRows(rows(input, at))).toEqual(sortRows(expected));
        },
      ),
      { numRuns: 300 },
    );
  });
});
