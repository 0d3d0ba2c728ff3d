import { emptyNodeMetrics, type RunMetrics } from '@eventide/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { RESULTS_KEPT, useLiveStore } from './live-store';

const live = () => useLiveStore.getState();
const batch = (node: string, events: unknown[], replay = false) => new Map([[node, { events, replay }]]);

beforeEach(() => {
  live().setRun(null);
  live().clearResults();
});

describe('live store', () => {
  it('appends sink results, and a replay (sent on subscribe) replaces them instead of duplicating', () => {
    live().applyResults(batch('t', [1, 2]));
    live().applyResults(batch('t', [3]));
    expect(live().results.t).toEqual([1, 2, 3]);
    expect(live().received.t).toBe(3);
    live().applyResults(batch('t', [2, 3], true)); // after a reconnect: the sink's latest results again
    expect(live().results.t).toEqual([2, 3]);
    expect(live().received.t).toBe(2);
  });

  it('keeps the newest results up to its bound while counting all of them', () => {
    const many = Array.from({ length: RESULTS_KEPT + 10 }, (_, i) => i);
    live().applyResults(batch('t', many));
    expect(live().results.t).toHaveLength(RESULTS_KEPT);
    expect(live().results.t?.[0]).toBe(10);
    expect(live().received.t).toBe(RESULTS_KEPT + 10);
  });

  it('takes the run state from metrics of the same run only', () => {
    live().setRun({ id: 'r1', pipeline: 'p', state: 'starting', startedAt: 0 });
    const metrics = (run: string, state: RunMetrics['state']): RunMetrics => ({
      run,
      pipeline: 'p',
      state,
      startedAt: 0,
      timeMode: 'event',
      nodes: {},
      edges: {},
    });
    live().setMetrics(metrics('r0', 'failed'));
    expect(live().run?.state).toBe('starting');
    live().setMetrics(metrics('r1', 'running'));
    expect(live().run?.state).toBe('running');
  });

  it('remembers when each node last sent something, per run', () => {
    const node = (out: number) => ({ ...emptyNodeMetrics(), out });
    const metrics = (run: string, outs: Record<string, number>): RunMetrics => ({
      run,
      pipeline: 'p',
      state: 'running',
      startedAt: 0,
      timeMode: 'event',
      nodes: Object.fromEntries(Object.entries(outs).map(([id, out]) => [id, node(out)])),
      edges: {},
    });
    live().setMetrics(metrics('r1', { a: 5, b: 0 }));
    const first = live().lastOutputAt.a;
    expect(first).toBeGreaterThan(0);
    expect(live().lastOutputAt.b).toBeUndefined();
    const later = Date.now() + 1000;
    const realNow = Date.now;
    Date.now = () => later;
    try {
      live().setMetrics(metrics('r1', { a: 5, b: 2 }));
      expect(live().lastOutputAt).toEqual({ a: first, b: later });
      // Another run starts from nothing.
      live().setMetrics(metrics('r2', { a: 0, b: 0 }));
      expect(live().lastOutputAt).toEqual({});
    } finally {
      Date.now = realNow;
    }
  });
});
