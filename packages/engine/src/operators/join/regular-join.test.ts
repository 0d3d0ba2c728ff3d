import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FakeContext, feed, harness, results } from '../../../test/support/operator-context.js';
import type { Event } from '../../runtime/operator.js';

const stream = (fields: string[]) => ({
  schema: { fields: Object.fromEntries(fields.map((f) => [f, 'any' as const])), open: false },
  key: null,
  eventTime: true,
});
const inputs = { left: stream(['k', 'l']), right: stream(['k', 'r']) };

function join(params: Record<string, unknown> = {}, restore?: unknown) {
  return harness(
    'join.regular',
    { leftKey: ['k'], rightKey: ['k'], type: 'inner', ttlMs: 10, timeMode: 'event', ...params },
    { inputs, restore },
  );
}

const pairs = (ctx: FakeContext) => results(ctx).map((r) => [r.l, r.r ?? null, r.$time]);

describe('join.regular', () => {
  it('emits each pair once, when its second event arrives, with the later time; the right key is renamed', () => {
    const { op, ctx } = join();
    feed(op, [[5, { k: 1, l: 'L5' }]], 'left');
    expect(pairs(ctx)).toEqual([]);
    feed(
      op,
      [
        [7, { k: 1, r: 'R7' }],
        [3, { k: 1, r: 'R3' }],
        [7, { k: 2, r: 'other key' }],
      ],
      'right',
    );
    expect(pairs(ctx)).toEqual([
      ['L5', 'R7', 7],
      ['L5', 'R3', 5],
    ]);
    feed(op, [[6, { k: 1, l: 'L6' }]], 'left');
    expect(pairs(ctx).slice(2)).toEqual([
      ['L6', 'R7', 7],
      ['L6', 'R3', 6],
    ]);
    expect(results(ctx)[0]).toMatchObject({ k: 1, right_k: 1 });
  });

  it('pairs only events less than ttlMs apart, and drops state once the watermark is ttl past it', () => {
    const { op, ctx } = join();
    feed(op, [[0, { k: 1, l: 'L0' }]], 'left');
    feed(
      op,
      [
        [9, { k: 1, r: 'R9' }],
        [10, { k: 1, r: 'R10' }],
      ],
      'right',
    );
    expect(pairs(ctx)).toEqual([['L0', 'R9', 9]]);
    expect(op.stateSize().keys).toBe(2);
    op.onWatermark(18); // R9 expires at 9 + 10 - 1 = 18; L0 at 9 already
    feed(op, [[19, { k: 1, l: 'L19' }]], 'left');
    expect(pairs(ctx).slice(1)).toEqual([['L19', 'R10', 19]]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(op.stateSize().keys).toBe(0);
  });

  it('left join: a left event that matched nothing is emitted with null right fields when it expires', () => {
    const { op, ctx } = join({ type: 'left' });
    feed(
      op,
      [
        [0, { k: 1, l: 'L0' }],
        [2, { k: 2, l: 'L2' }],
      ],
      'left',
    );
    feed(op, [[4, { k: 1, r: 'R4' }]], 'right');
    op.onWatermark(10);
    expect(pairs(ctx)).toEqual([['L0', 'R4', 4]]);
    op.onWatermark(11);
    expect(pairs(ctx).slice(1)).toEqual([['L2', null, 11]]);
    expect(results(ctx)[1]).toEqual({ k: 2, l: 'L2', right_k: null, r: null, $time: 11 });
  });

  it('reports an event without a valid time or key as an error', () => {
    const h = join();
    feed(
      h.op,
      [
        [Number.NaN, { k: 1 }],
        [1, { l: 'no key' }],
      ],
      'left',
    );
    expect(h.errors).toBe(2);
  });

  it('equals a nested-loop oracle over random arrivals, batches and watermarks, and after a restore', () => {
    const arrival = fc.record({
      left: fc.boolean(),
      k: fc.integer({ min: 0, max: 3 }),
      t: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(
        fc.array(arrival, { maxLength: 50 }),
        fc.constantFrom<'inner' | 'left'>('inner', 'left'),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 50 }),
        (input, type, ttl, cut) => {
          // Arrivals whose times never fall behind the watermark: the max time seen so far.
          const rows: [number, Event, boolean][] = input.map((a, i) => [
            a.t,
            { k: a.k, [a.left ? 'l' : 'r']: i },
            a.left,
          ]);
          const expected: [unknown, unknown][] = [];
          const matched = new Set<number>();
          rows.forEach(([t, e, isLeft], i) => {
            rows.slice(0, i).forEach(([t2, e2, left2], j) => {
              if (left2 === isLeft || e2.k !== e.k || Math.abs(t - t2) >= ttl) return;
              expected.push(isLeft ? [e.l, e2.r] : [e2.l, e.r]);
              matched.add(i).add(j);
            });
          });
          const unmatched = rows
            .map(([t, e, isLeft], i) => ({ t, l: e.l, isLeft, i }))
            .filter((r) => r.isLeft && !matched.has(r.i))
            .sort((a, b) => a.t - b.t || a.i - b.i)
            .map((r) => [r.l, null]);

          const run = (restoreAt: number) => {
            let h = join({ type, ttlMs: ttl });
            let max = Number.NEGATIVE_INFINITY;
            const out: Event[] = [];
            rows.forEach(([t, e, isLeft], i) => {
              if (i === restoreAt) {
                out.push(...results(h.ctx));
                h = join({ type, ttlMs: ttl }, JSON.parse(JSON.stringify(h.op.snapshot())));
              }
              feed(h.op, [[t, e]], isLeft ? 'left' : 'right');
              max = Math.max(max, t);
              // A watermark that trails the max time by more than the disorder never makes anything late:
              // here, behind every time still to come.
              const rest = rows.slice(i + 1).map((r) => r[0]);
              const wm = Math.min(max, ...rest) - 1;
              if (i % 3 === 0 && Number.isFinite(wm)) h.op.onWatermark(wm);
            });
            h.op.onWatermark(Number.POSITIVE_INFINITY);
            return [...out, ...results(h.ctx)];
          };
          for (const out of [run(-1), run(cut)]) {
            const got = out.map((r) => [r.l, r.r ?? null]);
            const gotPairs = got.filter((p) => p[1] !== null);
            expect(gotPairs).toEqual(expected);
            expect(got.filter((p) => p[1] === null)).toEqual(type === 'left' ? unmatched : []);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
