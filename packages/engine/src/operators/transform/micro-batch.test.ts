import { describe, expect, it } from 'vitest';
import { harness } from '../../../test/support/operator-context.js';

const nums = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ n: from + i }));

describe('transform.micro-batch', () => {
  it('emits a batch each time maxEvents events are grouped; the batch time is its last event time', () => {
    const h = harness('transform.micro-batch', { maxEvents: 3, maxDelayMs: 1000 });
    h.op.processBatch('in', nums(0, 7), [0, 1, 2, 3, 4, 5, 6]);
    expect(h.events('out')).toEqual([
      { events: nums(0, 3), count: 3 },
      { events: nums(3, 6), count: 3 },
    ]);
    expect(h.times('out')).toEqual([2, 5]);
    expect(h.op.stateSize().openWindows).toBe(1);
  });

  it('emits a partial batch once its first event waited maxDelayMs of processing time', () => {
    const h = harness('transform.micro-batch', { maxEvents: 100, maxDelayMs: 50 }, { now: 1000 });
    h.op.processBatch('in', nums(0, 2), [0, 0]);
    h.setNow(1049);
    h.op.onProcessingTime?.(1049);
    expect(h.events('out')).toEqual([]);
    h.op.onProcessingTime?.(1050);
    expect(h.events('out')).toEqual([{ events: nums(0, 2), count: 2 }]);
  });

  it('flushes at end of input', () => {
    const h = harness('transform.micro-batch', { maxEvents: 100, maxDelayMs: 50 });
    h.op.processBatch('in', nums(0, 1), [7]);
    expect(h.op.onWatermark(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(h.events('out')).toEqual([{ events: nums(0, 1), count: 1 }]);
  });

  it('carries the open batch across a snapshot', () => {
    const a = harness('transform.micro-batch', { maxEvents: 3, maxDelayMs: 50 });
    a.op.processBatch('in', nums(0, 2), [0, 1]);
    const b = harness(
      'transform.micro-batch',
      { maxEvents: 3, maxDelayMs: 50 },
      { restore: a.op.snapshot() },
    );
    b.op.processBatch('in', nums(2, 3), [2]);
    expect(b.events('out')).toEqual([{ events: nums(0, 3), count: 3 }]);
  });
});
