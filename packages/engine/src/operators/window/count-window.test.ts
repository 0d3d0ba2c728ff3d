import { describe, expect, it } from 'vitest';
import { feed, harness, results } from '../../../test/support/operator-context.js';
import type { Event } from '../../runtime/operator.js';

function counting(params: Record<string, unknown>) {
  const { op, ctx } = harness('window.count', {
    sizeEvents: 3,
    keyBy: ['k'],
    aggregations: [{ name: 'total', fn: 'sum', field: 'v' }],
    allowedLatenessMs: 0,
    earlyFireMs: 0,
    timeMode: 'event',
    ...params,
  });
  return { op, ctx };
}

const ev = (k: string, v: number): Event => ({ k, v });

describe('window.count', () => {
  it('fires on the size-th event of a key, in arrival order, with the span of its event times', () => {
    const { op, ctx } = counting({});
    feed(op, [
      [10, ev('a', 1)],
      [5, ev('b', 100)],
      [30, ev('a', 2)],
      [20, ev('a', 4)], // third of a: fires
      [40, ev('a', 8)],
    ]);
    expect(results(ctx)).toEqual([
      { k: 'a', window_start: 10, window_end: 31, window_fire: 'final', total: 7, $time: 30 },
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx)).toHaveLength(1);
    // a's [8] and b's [100] never completed.
    expect(ctx.recorded.dropped).toEqual([{ count: 2, reason: 'count window incomplete at end of input' }]);
  });

  it('slides by `slideEvents` events', () => {
    const { op, ctx } = counting({ slideEvents: 2 });
    feed(
      op,
      [1, 2, 3, 4, 5, 6, 7].map((v) => [v, ev('a', v)]),
    );
    // Windows start at events 0, 2, 4, 6: [1,2,3] [3,4,5] [5,6,7]
    expect(results(ctx).map((r) => [r.window_start, r.total])).toEqual([
      [1, 6],
      [3, 12],
      [5, 18],
    ]);
  });

  it('emits early partial windows and restores a snapshot', () => {
    const { op, ctx } = counting({ earlyFireMs: 10 });
    feed(op, [
      [1, ev('a', 1)],
      [2, ev('a', 2)],
    ]);
    op.onProcessingTime?.(10);
    expect(results(ctx).map((r) => [r.window_fire, r.total])).toEqual([['early', 3]]);
    const restored = counting({ earlyFireMs: 10 });
    restored.op.restore(JSON.parse(JSON.stringify(op.snapshot())));
    feed(restored.op, [[3, ev('a', 4)]]);
    expect(results(restored.ctx).map((r) => [r.window_fire, r.total])).toEqual([['final', 7]]);
    expect(restored.op.stateSize()).toEqual({ keys: 0, openWindows: 0 });
  });
});
