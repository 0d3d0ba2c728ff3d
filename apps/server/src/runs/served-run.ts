import type { BatchListener, PipelineRun, RunEnd, TapOptions } from '@eventide/engine';
import type { RunMetrics } from '@eventide/shared';
import type { CheckpointSnapshot } from './checkpoint-snapshot.js';
import type { NodeCounts } from './run-store.js';

/** A checkpoint taken, with the run's node counts at its barrier when the run knows them (a parallel run: its metrics now are later than the barrier). */
export interface TakenCheckpoint {
  snapshot: CheckpointSnapshot;
  counts?: NodeCounts;
}

/**
 * What a run's worker (run-worker.ts) does with the run it hosts, whether one engine run
 * (servedRun) or a parallel run over several threads (ParallelRun).
 */
export interface ServedRun {
  /** Every thread of the run is up (a parallel run's workers booted); rejects if the run ended first. */
  whenReady(): Promise<void>;
  start(): void;
  /** Events were queued at a push source: step now. */
  wake(): void;
  stop(): Promise<void>;
  onEnd(listener: (end: RunEnd) => void): void;
  metrics(): RunMetrics;
  /**
   * The checkpoint a fresh run starts from, taken before its first step; undefined when the run
   * takes it as its first checkpoint once started (a parallel run: barriers need stepping).
   */
  initialCheckpoint(): CheckpointSnapshot | undefined;
  /** A checkpoint now: between two steps, or once a parallel run's barrier passed every instance. */
  checkpoint(): Promise<TakenCheckpoint>;
  /** A checkpoint, then stop, with no step between (Apply); throws, saying why, when it cannot. */
  checkpointAndStop(): CheckpointSnapshot;
  tap(edgeId: string, listener: BatchListener, options?: TapOptions): () => void;
  watchOutput(nodeId: string, port: string, listener: BatchListener): () => void;
  operatorState(nodeId: string): unknown;
}

/** One engine run as a ServedRun. */
export function servedRun(run: PipelineRun): ServedRun {
  return {
    whenReady: () => Promise.resolve(),
    start: () => run.start(),
    wake: () => run.wake(),
    stop: () => run.stop(),
    onEnd: (listener) => run.onEnd(listener),
    metrics: () => run.metrics(),
    initialCheckpoint: () => run.checkpoint(),
    checkpoint: async () => ({ snapshot: run.checkpoint() }),
    checkpointAndStop: () => {
      const snapshot = run.checkpoint();
      void run.stop();
      return snapshot;
    },
    tap: (edge, listener, options) => run.tap(edge, listener, options),
    watchOutput: (node, port, listener) => run.watchOutput(node, port, listener),
    operatorState: (node) => run.operatorState(node),
  };
}
