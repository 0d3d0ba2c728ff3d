import { describe, expect, it } from 'vitest';
import { feed, harness, results } from '../../../test/support/operator-context.js';
import type { Event } from '../../runtime/operator.js';

function session(params: Record<string, unknown> = {}) {
  const { op, ctx } = harness('window.session', {
    gapMs: 10,
    keyBy: ['k'],
    aggregations: [
      { name: 'n', fn: 'count' },
      { name: 'total', fn: 'sum', field: 'v' },
    ],
    allowedLatenessMs: 0,
    earlyFireMs: 0,
    timeMode: 'event',
    ...params,
  });
  return { op, ctx };
}

const ev = (k: string, v: number): Event => ({ k, v });
const brief = (r: Event) => [r.k, r.window_start, r.window_end, r.window_fire, r.n, r.total];

describe('window.session', () => {
  it('grows a session while events come within the gap and fires it at last event + gap - 1', () => {
    const { op, ctx } = session();
    feed(op, [
      [0, ev('a', 1)],
      [5, ev('a', 2)],
      [14, ev('a', 4)], // 14 < 5 + 10: same session, now [0, 24)
      [30, ev('a', 8)], // after 24: a new session
    ]);
    op.onWatermark(22);
    expect(results(ctx)).toEqual([]);
    op.onWatermark(23);
    expect(results(ctx)).toEqual([
      { k: 'a', window_start: 0, window_end: 24, window_fire: 'final', n: 3, total: 7, $time: 23 },
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map(brief)).toEqual([
      ['a', 0, 24, 'final', 3, 7],
      ['a', 30, 40, 'final', 1, 8],
    ]);
  });

  it('merges sessions that touch, as Flink does: an event exactly gap after the previous one joins it', () => {
    const { op, ctx } = session();
    feed(op, [
      [0, ev('a', 1)],
      [10, ev('a', 2)],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map(brief)).toEqual([['a', 0, 20, 'final', 2, 3]]);
  });

  it('merges two open sessions bridged by an out-of-order event', () => {
    const { op, ctx } = session();
    feed(op, [
      [0, ev('a', 1)], // [0, 10)
      [25, ev('a', 2)], // [25, 35)
      [30, ev('b', 100)],
    ]);
    expect(op.stateSize()).toEqual({ keys: 2, openWindows: 3 });
    feed(op, [[12, ev('a', 4)]]); // [12, 22) touches neither
    expect(op.stateSize().openWindows).toBe(4);
    feed(op, [[20, ev('a', 8)]]); // [20, 30) overlaps [12, 22) and [25, 35): bridges them
    expect(op.stateSize().openWindows).toBe(3);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map(brief)).toEqual([
      ['a', 0, 10, 'final', 1, 1],
      ['a', 12, 35, 'final', 3, 14],
      ['b', 30, 40, 'final', 1, 100],
    ]);
  });

  it('merges a late event within allowed lateness that bridges a fired and an open session, as an update', () => {
    const { op, ctx } = session({ allowedLatenessMs: 20 });
    feed(op, [
      [0, ev('a', 1)], // [0, 10)
      [15, ev('a', 2)], // [15, 25)
    ]);
    op.onWatermark(12); // fires [0, 10)
    feed(op, [[8, ev('a', 4)]]); // [8, 18): bridges into [0, 25), end 24 > watermark: not due yet
    expect(results(ctx).map(brief)).toEqual([['a', 0, 10, 'final', 1, 1]]);
    op.onWatermark(24);
    expect(results(ctx).map(brief)).toEqual([
      ['a', 0, 10, 'final', 1, 1],
      ['a', 0, 25, 'update', 3, 7],
    ]);
  });

  it('judges lateness on the merged session: an event just inside lateness updates, one just outside is late', () => {
    const { op, ctx } = session({ allowedLatenessMs: 5 });
    feed(op, [[0, ev('a', 1)]]); // [0, 10)
    op.onWatermark(13); // fired at 9; kept while watermark < 9 + 5
    feed(op, [[2, ev('a', 2)]]); // merges into [0, 12): due, fires at once
    expect(results(ctx).map(brief)).toEqual([
      ['a', 0, 10, 'final', 1, 1],
      ['a', 0, 12, 'update', 2, 3],
    ]);
    op.onWatermark(16); // 11 + 5 <= 16: dropped
    expect(op.stateSize()).toEqual({ keys: 0, openWindows: 0 });
    op.onWatermark(17);
    feed(op, [[3, ev('a', 4)]]); // alone [3, 13): 12 + 5 <= 17: late
    expect(ctx.recorded.late.map((l) => l.time)).toEqual([3]);
    expect(op.stateSize()).toEqual({ keys: 0, openWindows: 0 });
  });

  it('accepts an event late for its own window when it merges into a session that is still open (Flink)', () => {
    const { op, ctx } = session();
    feed(op, [[100, ev('a', 1)]]); // [100, 110)
    op.onWatermark(95);
    feed(op, [[90, ev('a', 2)]]); // own window [90, 100) ends at 99 > 95: fine; touching: merged [90, 110)
    op.onWatermark(105);
    feed(op, [[94, ev('a', 4)]]); // own [94, 104) would be late (103 <= 105) but merges into [90, 110)
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(ctx.recorded.late).toEqual([]);
    expect(results(ctx).map(brief)).toEqual([['a', 90, 110, 'final', 3, 7]]);
  });

  it('emits early results of changed sessions and restores from a snapshot', () => {
    const { op, ctx } = session({ earlyFireMs: 50 });
    feed(op, [
      [0, ev('b', 1)],
      [1, ev('a', 2)],
    ]);
    op.onProcessingTime?.(50);
    expect(results(ctx).map(brief)).toEqual([
      ['b', 0, 10, 'early', 1, 1],
      ['a', 1, 11, 'early', 1, 2],
    ]);
    const snap = JSON.parse(JSON.stringify(op.snapshot()));
    const restored = session({ earlyFireMs: 50 });
    restored.op.restore(snap);
    feed(restored.op, [[5, ev('a', 4)]]);
    restored.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(restored.ctx).map(brief)).toEqual([
      ['b', 0, 10, 'final', 1, 1],
      ['a', 1, 15, 'final', 2, 6],
    ]);
  });
});
