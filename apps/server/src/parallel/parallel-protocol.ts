/**
 * Messages of a threaded parallel run (threaded-run.ts): between the main thread and each worker,
 * and between two workers over their own MessagePort, so exchange batches never cross the main
 * thread. Worker k hosts instance k of every stage with N instances; worker 0 also hosts the
 * single-instance stages.
 */

import type { MessagePort } from 'node:worker_threads';
import type { ExchangeMessage, ParallelPlan, ParallelSnapshot } from '@eventide/engine';
import type { InstanceMetrics, SnapshotPart } from './worker-host.js';

/** What the sinks of a worker do with results: count them (benchmarks) or send them to the main thread. */
export type SinkMode = 'count' | 'collect';

export interface ParallelWorkerData {
  document: unknown;
  plan: ParallelPlan;
  worker: number;
  /** Port to each other worker, by worker index (undefined for this one). */
  peers: (MessagePort | undefined)[];
  sinks: SinkMode;
  /** WorkerHostOptions.claims: the same buffer in every worker of the run. */
  claims: SharedArrayBuffer;
  restoreFrom?: ParallelSnapshot;
  /** Fixed processing time (tests); default the wall clock. */
  clockMs?: number;
  maxEvents?: number;
  /**
   * Before it reports ready, the worker runs these documents in-thread at the run's parallelism,
   * one after the other (results dropped), so that the measured run starts with compiled code, as a
   * warmed-up main thread does (benchmarks: the query itself over fewer events).
   */
  warmup?: unknown[];
  /** Source node ids the host replaces by memory sources over these events (not split). */
  inputs?: Record<string, Record<string, unknown>[]>;
  /** Send the instances' metrics this often while running, and once at the end (a server run). */
  metricsMs?: number;
  /** WorkerHostOptions.idleMs. */
  idleMs?: number;
  /** A server run's progress cells: this worker stamps its pair (progressCells) for the stall watchdog. */
  progress?: SharedArrayBuffer;
  /** A server run's worker: while it keeps its thread busy it yields to the API thread (run-priority.ts). */
  yieldToApi?: boolean;
}

export type ToParallelWorker = { t: 'start' } | { t: 'checkpoint'; id: number } | { t: 'stop' };

export type FromParallelWorker =
  | { t: 'ready' }
  | ({ t: 'part' } & SnapshotPart)
  | { t: 'results'; node: string; events: Record<string, unknown>[] }
  | { t: 'metrics'; instances: InstanceMetrics[] }
  /** An instance failed: sent at once, the run fails (its other instances would end as if finished). */
  | { t: 'failed'; error: string }
  /** `cpuSeconds`: the worker thread's own CPU from start to done (thread-cpu.ts; absent off Linux). */
  | { t: 'done'; counts: Record<string, number>; errors: string[]; cpuSeconds?: number };

/** Between workers: exchange messages bundled per event-loop turn, or the ack of a bundle. */
export type PeerMessage =
  | { t: 'bundle'; items: [exchange: number, from: number, to: number, message: ExchangeMessage][] }
  | { t: 'ack' };
