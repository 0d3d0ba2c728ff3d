import { describe, expect, it } from 'vitest';
import { feed, harness, results } from '../../../test/support/operator-context.js';

function join(params: Record<string, unknown> = {}) {
  const { op, ctx } = harness('join.window-join', {
    leftKey: ['user'],
    rightKey: ['uid'],
    sizeMs: 10,
    timeMode: 'event',
    ...params,
  });
  return { op, ctx };
}

describe('join.window-join', () => {
  it('pairs equal keys of the same window when it closes, in key then time order', () => {
    const { op, ctx } = join();
    feed(op, [[5, { user: 'b', n: 1 }]], 'left');
    feed(
      op,
      [
        [7, { uid: 'b', m: 'x' }],
        [3, { uid: 'b', m: 'y' }],
        [10, { uid: 'b', m: 'next window' }],
        [2, { uid: 'c', m: 'no left' }],
      ],
      'right',
    );
    feed(
      op,
      [
        [9, { user: 'a', n: 2 }],
        [1, { user: 'a', n: 3 }],
      ],
      'left',
    );
    feed(op, [[4, { uid: 'a', m: 'z' }]], 'right');
    op.onWatermark(8);
    expect(results(ctx)).toEqual([]);
    op.onWatermark(9);
    expect(results(ctx)).toEqual([
      { user: 'a', n: 3, uid: 'a', m: 'z', window_start: 0, window_end: 10, $time: 9 },
      { user: 'a', n: 2, uid: 'a', m: 'z', window_start: 0, window_end: 10, $time: 9 },
      { user: 'b', n: 1, uid: 'b', m: 'y', window_start: 0, window_end: 10, $time: 9 },
      { user: 'b', n: 1, uid: 'b', m: 'x', window_start: 0, window_end: 10, $time: 9 },
    ]);
    feed(op, [[9, { user: 'b', n: 4 }]], 'left');
    expect(ctx.recorded.late.map((l) => l.time)).toEqual([9]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    // The right event at 10 found no left partner: nothing more.
    expect(results(ctx)).toHaveLength(4);
    expect(op.stateSize()).toEqual({ keys: 0, openWindows: 0 });
  });

  it('restores a snapshot and continues', () => {
    const { op } = join();
    feed(op, [[1, { user: 'a', n: 1 }]], 'left');
    const restored = join();
    restored.op.restore(JSON.parse(JSON.stringify(op.snapshot())));
    feed(restored.op, [[2, { uid: 'a', n: 2 }]], 'right');
    restored.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(restored.ctx)).toEqual([
      { user: 'a', n: 1, uid: 'a', right_n: 2, window_start: 0, window_end: 10, $time: 9 },
    ]);
  });
});

describe('join.window-join keys', () => {
  it('counts an event whose key field is missing as an error instead of pairing null keys', () => {
    const { op, ctx } = join();
    feed(op, [[1, { n: 1 }]], 'left');
    feed(op, [[2, { uid: null }]], 'right');
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx)).toEqual([]);
    expect(ctx.recorded.errors.map((e) => e.message)).toEqual([
      'join key field "user" is null or missing',
      'join key field "uid" is null or missing',
    ]);
  });
});
