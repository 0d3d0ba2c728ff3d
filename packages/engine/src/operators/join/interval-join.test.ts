import { describe, expect, it } from 'vitest';
import { type FakeContext, feed, harness, results } from '../../../test/support/operator-context.js';

function join(params: Record<string, unknown> = {}) {
  const { op, ctx } = harness('join.interval-join', {
    leftKey: ['k'],
    rightKey: ['k'],
    lowerBoundMs: -2,
    upperBoundMs: 3,
    timeMode: 'event',
    ...params,
  });
  return { op, ctx };
}

const pairs = (ctx: FakeContext) => results(ctx).map((r) => [r.l, r.r, r.$time]);

describe('join.interval-join', () => {
  it('pairs right events within [left + lower, left + upper], bounds included, emitted in time order as the watermark passes', () => {
    const { op, ctx } = join();
    feed(op, [[10, { k: 1, l: 'L10' }]], 'left');
    feed(
      op,
      [
        [13, { k: 1, r: 'R13' }], // upper bound
        [7, { k: 1, r: 'R7' }], // 10 - 2 = 8 > 7: outside
        [8, { k: 1, r: 'R8' }], // lower bound
        [14, { k: 1, r: 'R14' }], // outside
        [10, { k: 2, r: 'other key' }],
      ],
      'right',
    );
    feed(op, [[12, { k: 1, l: 'L12' }]], 'left'); // rights in [10, 15]: R13, R14
    expect(pairs(ctx)).toEqual([]);
    op.onWatermark(12);
    expect(pairs(ctx)).toEqual([['L10', 'R8', 10]]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(pairs(ctx)).toEqual([
      ['L10', 'R8', 10],
      ['L10', 'R13', 13],
      ['L12', 'R13', 13],
      ['L12', 'R14', 14],
    ]);
  });

  it('gives the same pairs in the same order however the two inputs interleave', () => {
    const left: [number, Record<string, unknown>][] = [
      [5, { k: 1, l: 'a' }],
      [6, { k: 1, l: 'b' }],
    ];
    const right: [number, Record<string, unknown>][] = [
      [6, { k: 1, r: 'x' }],
      [4, { k: 1, r: 'y' }],
    ];
    const one = join();
    feed(one.op, left, 'left');
    feed(one.op, right, 'right');
    one.op.onWatermark(Number.POSITIVE_INFINITY);
    const two = join();
    feed(two.op, right.slice(0, 1), 'right');
    feed(two.op, left.slice(0, 1), 'left');
    feed(two.op, right.slice(1), 'right');
    feed(two.op, left.slice(1), 'left');
    two.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(pairs(two.ctx)).toEqual(pairs(one.ctx));
    expect(pairs(one.ctx)).toEqual([
      ['a', 'y', 5],
      ['a', 'x', 6],
      ['b', 'y', 6],
      ['b', 'x', 6],
    ]);
  });

  it('prunes by watermark: a left is kept until watermark >= l + upper, a right until r - lower', () => {
    const { op, ctx } = join();
    feed(op, [[10, { k: 1, l: 'L10' }]], 'left');
    feed(op, [[20, { k: 1, r: 'R20' }]], 'right');
    op.onWatermark(12);
    expect(op.stateSize().keys).toBe(1);
    // A right at 13 is on time and pairs with L10 (13 <= 10 + 3).
    feed(op, [[13, { k: 1, r: 'R13' }]], 'right');
    op.onWatermark(13); // emits the pair; L10 expires (13 >= 13); R13 kept until 15, R20 until 22
    expect(pairs(ctx)).toEqual([['L10', 'R13', 13]]);
    feed(op, [[13, { k: 1, l: 'late' }]], 'left');
    expect(ctx.recorded.late.map((l) => l.time)).toEqual([13]);
    feed(op, [[18, { k: 1, l: 'L18' }]], 'left'); // pairs R20 (18 - 2 <= 20 <= 18 + 3)
    const snap = JSON.parse(JSON.stringify(op.snapshot()));
    expect(snap.keys[0][1].map((i: unknown[]) => i[1])).toEqual([18]);
    expect(snap.keys[0][2].map((i: unknown[]) => i[1])).toEqual([13, 20]);
    op.onWatermark(22);
    expect(pairs(ctx).slice(1)).toEqual([['L18', 'R20', 20]]);
    expect(op.stateSize()).toEqual({ keys: 0, openWindows: 0 });
  });

  it('continues identically after snapshot and restore, pending pairs included', () => {
    const { op } = join();
    feed(op, [[10, { k: 1, l: 'L10' }]], 'left');
    feed(op, [[11, { k: 1, r: 'R11' }]], 'right');
    op.onWatermark(5);
    const restored = join();
    restored.op.restore(JSON.parse(JSON.stringify(op.snapshot())));
    feed(restored.op, [[5, { k: 1, r: 'late' }]], 'right');
    feed(restored.op, [[12, { k: 1, r: 'R12' }]], 'right');
    restored.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(pairs(restored.ctx)).toEqual([
      ['L10', 'R11', 11],
      ['L10', 'R12', 12],
    ]);
    expect(restored.ctx.recorded.late).toHaveLength(1);
  });
});
