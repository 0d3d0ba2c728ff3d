import { describe, expect, it } from 'vitest';
import { StallWatchdog, stallMessage } from './stall-watchdog.js';

describe('StallWatchdog', () => {
  it('reports a node that held the thread past the limit, on the second agreeing look', () => {
    let now = 10_000;
    const cells = new Float64Array([2, 1_000]);
    const dog = new StallWatchdog(cells, 5_000, () => now);
    expect(dog.check()).toBeUndefined();
    now += 100;
    expect(dog.check()).toEqual({ nodeIndex: 2, elapsedMs: 9_100 });
  });

  it('ignores idle runs, nodes within the limit, and a node that moved on between two looks', () => {
    let now = 10_000;
    const cells = new Float64Array([-1, 0]);
    const dog = new StallWatchdog(cells, 5_000, () => now);
    expect(dog.check()).toBeUndefined();
    expect(dog.check()).toBeUndefined();
    cells.set([1, 9_000]);
    expect(dog.check()).toBeUndefined();
    expect(dog.check()).toBeUndefined();
    // Over the limit once, then the engine stamps progress: no stall.
    cells.set([1, 1_000]);
    expect(dog.check()).toBeUndefined();
    cells.set([1, 2_000]);
    now += 1;
    expect(dog.check()).toBeUndefined();
  });

  it('watches every thread of a parallel run: a pair of cells each', () => {
    let now = 10_000;
    // Thread 0 idle, thread 1 stuck on node 3 since 1,000.
    const cells = new Float64Array([-1, 0, 3, 1_000]);
    const dog = new StallWatchdog(cells, 5_000, () => now);
    expect(dog.check()).toBeUndefined();
    now += 100;
    expect(dog.check()).toEqual({ nodeIndex: 3, elapsedMs: 9_100 });
    // Thread 0 busy within the limit does not hide it.
    cells.set([1, 9_000], 0);
    expect(dog.check()).toEqual({ nodeIndex: 3, elapsedMs: 9_100 });
  });

  it('names the node and the setting', () => {
    expect(stallMessage('w', { nodeIndex: 1, elapsedMs: 10_240 }, 10_000)).toBe(
      'node w: spent 10.2 s on one batch (settings.stallTimeoutMs 10000)',
    );
  });
});
