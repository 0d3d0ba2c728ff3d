import type { PipelineDocument, RunMetrics } from '@eventide/shared';
import { create } from 'zustand';
import type { ConnectionState } from '../api/live-socket';
import type { RunInfo } from '../api/types';

/** Results kept per sink node: enough for the biggest table and chart defaults. */
export const RESULTS_KEPT = 5000;

export interface LiveState {
  connection: ConnectionState;
  run: RunInfo | null;
  /** The document the attached run runs (the editor's may have moved on since). */
  runDocument: PipelineDocument | null;
  metrics: RunMetrics | null;
  /** Latest results per sink node, oldest first. */
  results: Record<string, unknown[]>;
  /** Results received per sink node since the run was attached (including dropped old ones). */
  received: Record<string, number>;
  /**
   * Per node, when (Date.now()) its output count last grew in the metrics: for sources, when they
   * last sent an event (what a window waiting on a quiet source reports).
   */
  lastOutputAt: Record<string, number>;
  setConnection: (c: ConnectionState) => void;
  setRun: (run: RunInfo | null, document?: PipelineDocument) => void;
  setMetrics: (m: RunMetrics) => void;
  /** Applies one animation frame's worth of sink results; a replay replaces what was there. */
  applyResults: (batch: Map<string, { events: unknown[]; replay: boolean }>) => void;
  clearResults: () => void;
}

export const useLiveStore = create<LiveState>()((set, get) => ({
  connection: 'connecting',
  run: null,
  runDocument: null,
  metrics: null,
  results: {},
  received: {},
  lastOutputAt: {},
  setConnection: (connection) => set({ connection }),
  setRun: (run, document) => set(document ? { run, runDocument: document } : { run }),
  setMetrics: (metrics) => {
    const { run, metrics: before } = get();
    const sameRun = before?.run === metrics.run;
    const lastOutputAt = sameRun ? { ...get().lastOutputAt } : {};
    const now = Date.now();
    for (const [id, m] of Object.entries(metrics.nodes))
      if (m.out > ((sameRun ? before?.nodes[id]?.out : undefined) ?? 0)) lastOutputAt[id] = now;
    set({
      metrics,
      lastOutputAt,
      run:
        run && run.id === metrics.run && run.state !== metrics.state ? { ...run, state: metrics.state } : run,
    });
  },
  applyResults: (batch) => {
    const results = { ...get().results };
    const received = { ...get().received };
    for (const [node, { events, replay }] of batch) {
      const prior = replay ? [] : (results[node] ?? []);
      const merged = prior.concat(events);
      results[node] = merged.length > RESULTS_KEPT ? merged.slice(merged.length - RESULTS_KEPT) : merged;
      received[node] = (replay ? 0 : (received[node] ?? 0)) + events.length;
    }
    set({ results, received });
  },
  clearResults: () => set({ results: {}, received: {}, metrics: null, lastOutputAt: {} }),
}));

export function isActive(run: RunInfo | null): boolean {
  return run !== null && (run.state === 'starting' || run.state === 'running' || run.state === 'stopping');
}
