import { describe, expect, it } from 'vitest';
import { harness } from '../../../test/support/operator-context.js';

const filter = (condition: string) => harness('transform.filter', { condition });

describe('transform.filter', () => {
  it('keeps the events whose condition holds, with their times', () => {
    const h = filter('temperature > 30');
    h.op.processBatch('in', [{ temperature: 31 }, { temperature: 30 }, { temperature: 45.5 }], [10, 20, 30]);
    expect(h.events('out')).toEqual([{ temperature: 31 }, { temperature: 45.5 }]);
    expect(h.times('out')).toEqual([10, 30]);
  });

  it('sends an event the condition fails on to the error port with the reason, and goes on', () => {
    const h = filter('temperature > 30');
    h.op.processBatch('in', [{ temperature: 'hot' }, { humidity: 3 }, { temperature: 40 }], [1, 2, 3]);
    expect(h.events('out')).toEqual([{ temperature: 40 }]);
    expect(h.errors).toBe(2);
    const errors = h.events('error');
    expect(errors.map((e) => ({ ...e, error: typeof e.error }))).toEqual([
      { temperature: 'hot', error: 'string' },
      { humidity: 3, error: 'string' },
    ]);
    expect(String(errors[1]?.error)).toMatch(/temperature/);
    expect(h.times('error')).toEqual([1, 2]);
  });

  it('errors when the condition is not a boolean on an event', () => {
    const h = filter('flag');
    h.op.processBatch('in', [{ flag: true }, { flag: 1 }], [0, 0]);
    expect(h.events('out')).toEqual([{ flag: true }]);
    expect(h.errors).toBe(1);
  });

  it('forwards watermarks unchanged', () => {
    expect(filter('true').op.onWatermark(123)).toBe(123);
  });
});
