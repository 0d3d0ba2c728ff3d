import { describe, expect, it } from 'vitest';
import { feed, harness, results } from '../../../test/support/operator-context.js';

function sliding(params: Record<string, unknown> = {}) {
  const { op, ctx } = harness('window.sliding', {
    sizeMs: 10,
    slideMs: 5,
    offsetMs: 0,
    keyBy: [],
    aggregations: [{ name: 'vs', fn: 'collect', field: 'v' }],
    allowedLatenessMs: 0,
    earlyFireMs: 0,
    timeMode: 'event',
    ...params,
  });
  return { op, ctx };
}

describe('window.sliding', () => {
  it('puts each event in every window of the slide grid that holds it, boundaries included', () => {
    const { op, ctx } = sliding();
    feed(op, [
      [4, { v: 'a' }], // [-5, 5) and [0, 10)
      [5, { v: 'b' }], // [0, 10) and [5, 15)
      [10, { v: 'c' }], // [5, 15) and [10, 20)
    ]);
    op.onWatermark(9);
    expect(results(ctx).map((r) => [r.window_start, r.window_end, r.vs, r.$time])).toEqual([
      [-5, 5, ['a'], 4],
      [0, 10, ['a', 'b'], 9],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(
      results(ctx)
        .slice(2)
        .map((r) => [r.window_start, r.vs]),
    ).toEqual([
      [5, ['b', 'c']],
      [10, ['c']],
    ]);
  });

  it('adds a late event to the windows still within lateness and is late only when all of them are gone', () => {
    const { op, ctx } = sliding({ allowedLatenessMs: 3 });
    feed(op, [[12, { v: 'x' }]]); // [5, 15) and [10, 20)
    op.onWatermark(16); // fires [5, 15) at 14; it stays while watermark < 14 + 3
    feed(op, [[9, { v: 'y' }]]); // [0, 10) is gone (9 + 3 <= 16), [5, 15) updates
    expect(ctx.recorded.late).toEqual([]);
    expect(results(ctx).map((r) => [r.window_start, r.window_fire, r.vs])).toEqual([
      [5, 'final', ['x']],
      [5, 'update', ['y', 'x']],
    ]);
    op.onWatermark(17);
    feed(op, [[9, { v: 'z' }]]); // both of its windows are past lateness now
    expect(ctx.recorded.late.map((l) => l.event)).toEqual([{ v: 'z' }]);
  });

  it('applies the offset to the slide grid', () => {
    const { op, ctx } = sliding({ offsetMs: 2, aggregations: [{ name: 'n', fn: 'count' }] });
    feed(op, [[2, {}]]); // [-3, 7) and [2, 12)
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map((r) => [r.window_start, r.window_end, r.n])).toEqual([
      [-3, 7, 1],
      [2, 12, 1],
    ]);
  });
});
