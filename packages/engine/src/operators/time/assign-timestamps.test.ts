import { describe, expect, it } from 'vitest';
import { harness } from '../../../test/support/operator-context.js';
import { tagSplit } from '../../runtime/split.js';
import { toEventTime } from './assign-timestamps.js';

const assign = (params: Record<string, unknown>, now = 0) =>
  harness(
    'time.assign-timestamps',
    { timestamp: 'ts', maxOutOfOrdernessMs: 100, idleTimeoutMs: 0, ...params },
    { now },
  );

describe('time.assign-timestamps', () => {
  it('sets event times from the expression, whatever the incoming times', () => {
    const h = assign({ timestamp: 'ts * 1000' });
    h.op.processBatch('in', [{ ts: 5 }, { ts: 2 }], [999, 999]);
    expect(h.times('out')).toEqual([5000, 2000]);
    expect(h.events('out')).toEqual([{ ts: 5 }, { ts: 2 }]);
  });

  it('watermark = max event time seen - maxOutOfOrderness, never going back', () => {
    const h = assign({});
    expect(h.op.onWatermark(0)).toBe(Number.NEGATIVE_INFINITY);
    h.op.processBatch('in', [{ ts: 1000 }, { ts: 1500 }, { ts: 1200 }], [0, 0, 0]);
    expect(h.op.onWatermark(0)).toBe(1400);
    h.op.processBatch('in', [{ ts: 900 }], [0]); // behind the watermark: passes, max unchanged
    expect(h.events('out')).toHaveLength(4);
    expect(h.op.onWatermark(0)).toBe(1400);
  });

  it('end of input advances to +Infinity', () => {
    const h = assign({});
    h.op.processBatch('in', [{ ts: 1000 }], [0]);
    expect(h.op.onWatermark(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('sends events without a valid time to the error port and counts them', () => {
    const h = assign({});
    h.op.processBatch(
      'in',
      [{ ts: 'yesterday' }, { other: 1 }, { ts: null }, { ts: '2024-01-01T00:00:00Z' }, { ts: 7 }],
      [1, 2, 3, 4, 5],
    );
    expect(h.times('out')).toEqual([Date.UTC(2024, 0, 1), 7]);
    expect(h.errors).toBe(3);
    expect(h.events('error').map((e) => e.error)).toEqual([
      expect.stringMatching(/not a date/),
      expect.stringMatching(/no valid event time/),
      expect.stringMatching(/got null/),
    ]);
    expect(h.times('error')).toEqual([1, 2, 3]);
  });

  it('is idle once no event came for idleTimeoutMs of processing time', () => {
    const h = assign({ idleTimeoutMs: 500 }, 10_000);
    expect(h.op.isIdle?.(10_499)).toBe(false);
    expect(h.op.isIdle?.(10_500)).toBe(true);
    h.setNow(11_000);
    h.op.processBatch('in', [{ ts: 1 }], [0]);
    expect(h.op.isIdle?.(11_499)).toBe(false);
    const never = assign({ idleTimeoutMs: 0 });
    expect(never.op.isIdle?.(1e12)).toBe(false);
  });

  it('keeps the max event time across a snapshot', () => {
    const a = assign({});
    a.op.processBatch('in', [{ ts: 5000 }], [0]);
    const b = harness(
      'time.assign-timestamps',
      { timestamp: 'ts', maxOutOfOrdernessMs: 100 },
      { restore: JSON.parse(JSON.stringify(a.op.snapshot())) },
    );
    expect(b.op.onWatermark(0)).toBe(4900);
  });

  it('reads epoch numbers and date strings', () => {
    expect(toEventTime(12)).toBe(12);
    expect(toEventTime(Number.NaN)).toMatch(/NaN/);
    expect(toEventTime(true)).toMatch(/boolean/);
  });
});

describe('time.assign-timestamps per split (Kafka partitions)', () => {
  const ev = (ts: number, split: string) => tagSplit({ ts }, split);

  it('the watermark is the minimum over splits of their max event time - maxOutOfOrderness', () => {
    const h = assign({});
    h.op.processBatch('in', [ev(5000, 'p0'), ev(1000, 'p1'), ev(4000, 'p0')], [0, 0, 0]);
    expect(h.op.onWatermark(0)).toBe(900);
    h.op.processBatch('in', [ev(3000, 'p1')], [0]);
    expect(h.op.onWatermark(0)).toBe(2900);
  });

  it('a split idle for idleTimeoutMs stops holding the watermark back; its next event counts again', () => {
    const h = assign({ idleTimeoutMs: 500 }, 10_000);
    h.op.processBatch('in', [ev(1000, 'idle'), ev(5000, 'busy')], [0, 0]);
    expect(h.op.onWatermark(0)).toBe(900);
    h.setNow(10_400);
    h.op.processBatch('in', [ev(6000, 'busy')], [0]);
    expect(h.op.onWatermark(0)).toBe(900);
    h.setNow(10_600);
    expect(h.op.onWatermark(0)).toBe(5900);
    h.op.processBatch('in', [ev(7000, 'idle')], [0]);
    expect(h.op.onWatermark(0)).toBe(5900);
  });

  it('keeps its splits in the snapshot', () => {
    const h = assign({});
    h.op.processBatch('in', [ev(5000, 'p0'), ev(1000, 'p1')], [0, 0]);
    const restored = assign({});
    restored.op.restore(JSON.parse(JSON.stringify(h.op.snapshot())));
    restored.op.processBatch('in', [ev(9000, 'p0')], [0]);
    expect(restored.op.onWatermark(0)).toBe(900);
  });
});
