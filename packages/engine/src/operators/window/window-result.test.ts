import { describe, expect, it } from 'vitest';
import { harness } from '../../../test/support/operator-context.js';

describe('window results in batches', () => {
  it('a fire of more keys than a batch holds goes out in batches of 1,024 as it is made, in key order', () => {
    const { op, ctx, events, times } = harness('window.sliding', {
      sizeMs: 10,
      slideMs: 5,
      offsetMs: 0,
      keyBy: ['k'],
      aggregations: [{ name: 'n', fn: 'count' }],
      allowedLatenessMs: 0,
      earlyFireMs: 0,
      timeMode: 'event',
    });
    const batches: number[] = [];
    const record = ctx.emit.bind(ctx);
    ctx.emit = (port, batch, batchTimes) => {
      batches.push(batch.length);
      record(port, batch, batchTimes);
    };
    const keys = 2500;
    const input = Array.from({ length: keys }, (_, k) => ({ k }));
    op.processBatch(
      'in',
      input,
      input.map(() => 3),
    );
    expect(batches).toEqual([]);
    op.onWatermark(4);
    // The window [-5, 5) fires every key: two full batches while it is made, the rest at the end.
    expect(batches).toEqual([1024, 1024, 452]);
    op.onWatermark(9);
    expect(batches).toEqual([1024, 1024, 452, 1024, 1024, 452]);
    const results = events('out');
    expect(results.map((r) => r.k)).toEqual([...input.map((e) => e.k), ...input.map((e) => e.k)]);
    expect(results.every((r) => r.n === 1)).toBe(true);
    expect(times('out')).toEqual([...input.map(() => 4), ...input.map(() => 9)]);
  });
});
