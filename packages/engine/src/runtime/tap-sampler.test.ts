import { describe, expect, it } from 'vitest';
import type { Event } from './operator.js';
import { TAP_INTERVAL_MS, TapSampler } from './tap-sampler.js';

const events = (from: number, n: number): Event[] => Array.from({ length: n }, (_, i) => ({ i: from + i }));
const times = (n: number) => new Array<number>(n).fill(0);

describe('TapSampler', () => {
  it('samples every event of an interval with the same chance, whatever batch it came in', () => {
    // 200 intervals of 100 events in batches of 10; 5 kept per interval. Each position's expected count is 10.
    const hits = new Array<number>(100).fill(0);
    const count = (batch: Event[]) => {
      for (const e of batch) hits[Number(e.i)]!++;
    };
    const sampler = new TapSampler(count, 5, 0, undefined, 7);
    for (let interval = 0; interval < 200; interval++) {
      const now = interval * TAP_INTERVAL_MS;
      for (let b = 0; b < 10; b++) sampler.offer(events(b * 10, 10), times(10), now);
    }
    sampler.flush();
    expect(hits.reduce((a, b) => a + b, 0)).toBe(1000);
    // The first batch's events are not favoured (the old tap took the first events of each batch).
    const firstBatch = hits.slice(0, 10).reduce((a, b) => a + b, 0);
    const lastBatch = hits.slice(90).reduce((a, b) => a + b, 0);
    expect(firstBatch).toBeGreaterThan(60);
    expect(firstBatch).toBeLessThan(140);
    expect(lastBatch).toBeGreaterThan(60);
    expect(lastBatch).toBeLessThan(140);
  });

  it('hands out at most perInterval events, in arrival order, when the interval ends', () => {
    const out: Event[][] = [];
    const sampler = new TapSampler((batch) => out.push(batch), 3, 0, undefined, 1);
    sampler.offer(events(0, 50), times(50), 0);
    sampler.offer(events(50, 50), times(50), 999);
    expect(out).toEqual([]);
    sampler.flushIfDue(1000);
    expect(out).toHaveLength(1);
    const is = out[0]!.map((e) => Number(e.i));
    expect(is).toHaveLength(3);
    expect([...is].sort((a, b) => a - b)).toEqual(is);
    sampler.flushIfDue(1500);
    expect(out).toHaveLength(1);
  });

  it('samples only what passes its filter, and skips events the filter cannot evaluate', () => {
    const out: Event[] = [];
    const sampler = new TapSampler(
      (batch) => out.push(...batch),
      100,
      0,
      (e) => {
        if (e.i === 3) throw new Error('no such field');
        return Number(e.i) % 2 === 1;
      },
      1,
    );
    sampler.offer(events(0, 10), times(10), 0);
    sampler.flush();
    expect(out.map((e) => e.i)).toEqual([1, 5, 7, 9]);
  });
});
