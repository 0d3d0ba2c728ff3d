import { describe, expect, it } from 'vitest';
import { BUSY_NICE, RunPriority } from './run-priority.js';

describe('RunPriority', () => {
  it('demotes a run that keeps its thread busy and gives an idle one its priority back', () => {
    const calls: number[] = [];
    const p = new RunPriority((nice) => calls.push(nice));
    p.sample(0.3);
    p.sample(0.7);
    expect(p.nice).toBe(0);
    p.sample(0.95);
    expect(p.nice).toBe(BUSY_NICE);
    // Between the thresholds: no flapping.
    p.sample(0.6);
    p.sample(0.99);
    expect(p.nice).toBe(BUSY_NICE);
    p.sample(0.2);
    expect(p.nice).toBe(0);
    expect(calls).toEqual([BUSY_NICE, 0]);
  });

  it('stays demoted, without asking again, where raising a priority is not permitted', () => {
    const calls: number[] = [];
    const p = new RunPriority((nice) => {
      calls.push(nice);
      if (nice < BUSY_NICE) throw new Error('EACCES');
    });
    p.sample(1);
    p.sample(0);
    p.sample(0);
    expect(p.nice).toBe(BUSY_NICE);
    expect(calls).toEqual([BUSY_NICE, 0]);
  });

  it('keeps the server priority where no change is permitted (a sandbox)', () => {
    const p = new RunPriority(() => {
      throw new Error('EPERM');
    });
    p.sample(1);
    expect(p.nice).toBe(0);
  });
});
