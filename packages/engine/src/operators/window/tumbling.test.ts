import { describe, expect, it } from 'vitest';
import { feed, harness, results } from '../../../test/support/operator-context.js';
import type { Event } from '../../runtime/operator.js';

function tumbling(params: Record<string, unknown>) {
  const { op, ctx } = harness('window.tumbling', {
    sizeMs: 10,
    offsetMs: 0,
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

describe('window.tumbling', () => {
  it('puts events on a boundary in the window that starts there, fires at end - 1, skips empty windows', () => {
    const { op, ctx } = tumbling({});
    feed(op, [
      [0, ev('a', 1)],
      [9, ev('a', 2)],
      [10, ev('a', 4)],
      [10, ev('b', 8)],
      [35, ev('a', 16)],
    ]);
    op.onWatermark(8);
    expect(results(ctx)).toEqual([]);
    op.onWatermark(9);
    expect(results(ctx)).toEqual([
      { k: 'a', window_start: 0, window_end: 10, window_fire: 'final', n: 2, total: 3, $time: 9 },
    ]);
    op.onWatermark(100);
    expect(results(ctx).slice(1)).toEqual([
      { k: 'a', window_start: 10, window_end: 20, window_fire: 'final', n: 1, total: 4, $time: 19 },
      { k: 'b', window_start: 10, window_end: 20, window_fire: 'final', n: 1, total: 8, $time: 19 },
      { k: 'a', window_start: 30, window_end: 40, window_fire: 'final', n: 1, total: 16, $time: 39 },
    ]);
    expect(op.stateSize()).toEqual({ keys: 0, openWindows: 0 });
  });

  it('orders results by window end then key, whatever the arrival order of keys', () => {
    const { op, ctx } = tumbling({});
    feed(op, [
      [12, ev('c', 1)],
      [3, ev('b', 1)],
      [11, ev('a', 1)],
      [4, ev('c', 1)],
    ]);
    expect(op.stateSize()).toEqual({ keys: 3, openWindows: 4 });
    op.onWatermark(9);
    expect(op.stateSize()).toEqual({ keys: 2, openWindows: 2 });
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map((r) => `${r.window_start}:${r.k}`)).toEqual(['0:b', '0:c', '10:a', '10:c']);
  });

  it('aligns windows to the offset', () => {
    const { op, ctx } = tumbling({ offsetMs: 3 });
    feed(op, [
      [2, ev('a', 1)],
      [3, ev('a', 1)],
      [12, ev('a', 1)],
      [13, ev('a', 1)],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map((r) => [r.window_start, r.window_end, r.n])).toEqual([
      [-7, 3, 1],
      [3, 13, 2],
      [13, 23, 1],
    ]);
  });

  it('sends an event whose window fired to the late port when there is no allowed lateness', () => {
    const { op, ctx } = tumbling({});
    feed(op, [[5, ev('a', 1)]]);
    op.onWatermark(9);
    feed(op, [
      [9, ev('a', 2)],
      [10, ev('a', 4)],
    ]);
    expect(ctx.recorded.late).toEqual([{ event: ev('a', 2), time: 9 }]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map((r) => [r.window_start, r.total, r.window_fire])).toEqual([
      [0, 1, 'final'],
      [10, 4, 'final'],
    ]);
  });

  it('updates a fired window for an event just inside the allowed lateness and refuses one just outside', () => {
    const { op, ctx } = tumbling({ allowedLatenessMs: 5 });
    feed(op, [[5, ev('a', 1)]]);
    op.onWatermark(13); // fired at 9; kept while watermark < 9 + 5 = 14
    feed(op, [[1, ev('a', 2)]]);
    expect(results(ctx).map((r) => [r.window_fire, r.total, r.$time])).toEqual([
      ['final', 1, 9],
      ['update', 3, 9],
    ]);
    op.onWatermark(14); // 9 + 5 <= 14: state dropped
    feed(op, [[2, ev('a', 4)]]);
    expect(ctx.recorded.late).toEqual([{ event: ev('a', 4), time: 2 }]);
    expect(results(ctx)).toHaveLength(2);
    expect(op.stateSize().openWindows).toBe(0);
  });

  it('fires an update for a key first seen within the allowed lateness', () => {
    const { op, ctx } = tumbling({ allowedLatenessMs: 100 });
    op.onWatermark(50);
    feed(op, [[0, ev('z', 7)]]);
    expect(results(ctx)).toEqual([
      { k: 'z', window_start: 0, window_end: 10, window_fire: 'update', n: 1, total: 7, $time: 9 },
    ]);
  });

  it('emits early partial results of changed windows every earlyFireMs of processing time', () => {
    const { op, ctx } = tumbling({ earlyFireMs: 100 });
    feed(op, [
      [1, ev('a', 1)],
      [2, ev('b', 2)],
    ]);
    op.onProcessingTime?.(50);
    expect(results(ctx)).toEqual([]);
    op.onProcessingTime?.(100);
    expect(results(ctx).map((r) => [r.k, r.window_fire, r.total])).toEqual([
      ['a', 'early', 1],
      ['b', 'early', 2],
    ]);
    feed(op, [[3, ev('a', 4)]]);
    op.onProcessingTime?.(200);
    expect(
      results(ctx)
        .slice(2)
        .map((r) => [r.k, r.window_fire, r.total]),
    ).toEqual([['a', 'early', 5]]);
    op.onWatermark(9);
    expect(
      results(ctx)
        .slice(3)
        .map((r) => [r.k, r.window_fire, r.total]),
    ).toEqual([
      ['a', 'final', 5],
      ['b', 'final', 2],
    ]);
  });

  it('flushes every window at the end of input', () => {
    const { op, ctx } = tumbling({ keyBy: [] });
    feed(op, [
      [1_000_000, { v: 1 }],
      [5, { v: 2 }],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx)).toEqual([
      { window_start: 0, window_end: 10, window_fire: 'final', n: 1, total: 2, $time: 9 },
      {
        window_start: 1_000_000,
        window_end: 1_000_010,
        window_fire: 'final',
        n: 1,
        total: 1,
        $time: 1_000_009,
      },
    ]);
  });

  it('keys by the key set upstream when its own keyBy is empty', () => {
    const { op, ctx } = harness(
      'window.tumbling',
      { sizeMs: 10, keyBy: [], aggregations: [{ name: 'n', fn: 'count' }] },
      { inputs: { in: { schema: { fields: {}, open: true }, key: ['user'], eventTime: true } } },
    );
    feed(op, [
      [1, { user: 'y' }],
      [2, { user: 'x' }],
      [3, { user: 'y' }],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map((r) => [r.user, r.n])).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
  });

  it('counts an event without a valid time or with a non-numeric summed field as an error, and goes on', () => {
    const { op, ctx } = tumbling({});
    feed(op, [
      [Number.NaN, ev('a', 1)],
      [1, { k: 'a', v: 'ten' }],
      [2, { k: 'a', v: null }],
      [3, ev('a', 5)],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(ctx.recorded.errors.map((e) => e.message)).toEqual([
      'event has no valid time',
      'field "v" is string, not a number',
    ]);
    // A null value is skipped by sum, but the event is still counted.
    expect(results(ctx).map((r) => [r.n, r.total])).toEqual([[2, 5]]);
  });

  it('restores a snapshot into a fresh operator that continues identically', () => {
    const input: [number, Event][] = [
      [1, ev('a', 1)],
      [12, ev('b', 2)],
      [4, ev('a', 3)],
      [25, ev('a', 4)],
      [14, ev('b', 5)],
    ];
    const whole = tumbling({ allowedLatenessMs: 10 });
    feed(whole.op, input.slice(0, 3));
    whole.op.onWatermark(10);
    feed(whole.op, input.slice(3));
    whole.op.onWatermark(Number.POSITIVE_INFINITY);

    const first = tumbling({ allowedLatenessMs: 10 });
    feed(first.op, input.slice(0, 3));
    first.op.onWatermark(10);
    const snap = JSON.parse(JSON.stringify(first.op.snapshot()));
    const second = tumbling({ allowedLatenessMs: 10 });
    second.op.restore(snap);
    feed(second.op, input.slice(3));
    second.op.onWatermark(Number.POSITIVE_INFINITY);
    expect([...results(first.ctx), ...results(second.ctx)]).toEqual(results(whole.ctx));
  });

  it('windows on the processing clock in processing-time mode', () => {
    const { op, ctx } = tumbling({ timeMode: 'processing' });
    ctx.clock = 3;
    feed(op, [[999_999, ev('a', 1)]]);
    ctx.clock = 12;
    feed(op, [[0, ev('a', 2)]]);
    op.onWatermark(1_000_000); // event-time watermarks do not fire processing-time windows
    expect(results(ctx)).toEqual([]);
    op.onProcessingTime?.(10);
    expect(results(ctx).map((r) => [r.window_start, r.total, r.$time])).toEqual([[0, 1, 9]]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map((r) => [r.window_start, r.total])).toEqual([
      [0, 1],
      [10, 2],
    ]);
  });
});
