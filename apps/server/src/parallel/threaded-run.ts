/**
 * A parallel run on worker threads (settings.parallelism, `eventide run --parallelism N`, `pnpm
 * bench nexmark --parallelism N`): the engine plans the stages (planParallel), worker k hosts
 * instance k of every N-instance stage and worker 0 the single-instance ones; workers exchange
 * batches over their own MessageChannels. The main thread starts them, triggers checkpoints and
 * gathers each checkpoint's parts into one ParallelSnapshot.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import {
  CheckpointCollector,
  ChunkClaims,
  checkRestorable,
  type ParallelSnapshot,
  planParallel,
} from '@eventide/engine';
import type {
  FromParallelWorker,
  ParallelWorkerData,
  SinkMode,
  ToParallelWorker,
} from './parallel-protocol.js';
import { peerPorts, spawnParallelWorker } from './parallel-spawn.js';

export interface ThreadedRunOptions {
  parallelism: number;
  sinks?: SinkMode;
  restoreFrom?: ParallelSnapshot;
  clockMs?: number;
  maxEvents?: number;
  /** Documents each worker runs in-thread before it reports ready (benchmarks: ParallelWorkerData.warmup). */
  warmup?: unknown[];
  /** Memory sources over these events replace these source nodes (one instance: not split). */
  inputs?: Record<string, Record<string, unknown>[]>;
  /** Every completed checkpoint. */
  onCheckpoint?: (snapshot: ParallelSnapshot) => void;
}

export interface ThreadedRunResult {
  /** Events each sink received. */
  counts: Record<string, number>;
  /** What each sink received, in "collect" mode (per sink: arrival order, instances interleaved). */
  results: Record<string, Record<string, unknown>[]>;
  /** Milliseconds from start to the last worker's end (boot excluded). */
  wallMs: number;
  /**
   * Each worker thread's own CPU seconds from start to its end, by worker index (Linux only: empty
   * elsewhere). The rest of the process's CPU over the run is V8's platform threads' (garbage
   * collection helpers, compilers) and this thread's.
   */
  workerCpuSeconds: number[];
}

export class ThreadedRun {
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<void>;
  private readonly finished: Promise<ThreadedRunResult>;
  private started = 0;
  private nextCheckpoint: number;

  constructor(document: unknown, options: ThreadedRunOptions) {
    const unsplittable = new Set(Object.keys(options.inputs ?? {}));
    const plan = planParallel(document, options.parallelism, { unsplittable });
    if (options.restoreFrom) checkRestorable(options.restoreFrom, plan);
    this.nextCheckpoint = (options.restoreFrom?.checkpointId ?? 0) + 1;
    const n = plan.parallelism;
    const ports = peerPorts(n);
    const claims = new SharedArrayBuffer(ChunkClaims.bytes(plan));
    const name = String((document as { name?: unknown } | null)?.name ?? '');
    const collector = new CheckpointCollector(plan, name);
    const counts: Record<string, number> = {};
    const results: Record<string, Record<string, unknown>[]> = {};
    const errors: string[] = [];
    const workerCpuSeconds: number[] = [];
    let readyCount = 0;
    let doneCount = 0;
    let resolveReady!: () => void;
    let rejectReady!: (e: Error) => void;
    let resolveDone!: (r: ThreadedRunResult) => void;
    let rejectDone!: (e: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    this.finished = new Promise((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    this.finished.catch(() => undefined);
    const rejectAll = (e: Error) => {
      rejectReady(e);
      rejectDone(e);
      void this.terminate();
    };
    this.ready.catch(() => undefined);
    for (let w = 0; w < n; w++) {
      const worker = spawnParallelWorker();
      const peers = ports[w] as (MessagePort | undefined)[];
      const data: ParallelWorkerData = {
        document,
        plan,
        worker: w,
        peers,
        claims,
        sinks: options.sinks ?? 'count',
        ...(options.restoreFrom ? { restoreFrom: options.restoreFrom } : {}),
        ...(options.clockMs !== undefined ? { clockMs: options.clockMs } : {}),
        ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
        ...(options.inputs ? { inputs: options.inputs } : {}),
        ...(options.warmup !== undefined ? { warmup: options.warmup } : {}),
      };
      worker.postMessage(
        data,
        peers.filter((p): p is MessagePort => p !== undefined),
      );
      worker.on('error', (err) => rejectAll(err));
      // A worker gone before its end (killed, out of memory) fails the run instead of hanging it.
      worker.on('exit', (code) => {
        if (doneCount < n) rejectAll(new Error(`worker ${w} exited with code ${code} before the run ended`));
      });
      worker.on('message', (m: FromParallelWorker) => {
        switch (m.t) {
          case 'ready':
            if (++readyCount === n) resolveReady();
            return;
          case 'part': {
            const done = collector.add(m.stage, m.index, m.id, m.snapshot);
            if (done) options.onCheckpoint?.(done);
            return;
          }
          case 'failed':
            rejectAll(new Error(m.error));
            return;
          case 'metrics':
            return;
          case 'results': {
            const list = results[m.node] ?? [];
            for (const e of m.events) list.push(e);
            results[m.node] = list;
            return;
          }
          case 'done':
            for (const [id, c] of Object.entries(m.counts)) counts[id] = (counts[id] ?? 0) + c;
            errors.push(...m.errors);
            if (m.cpuSeconds !== undefined) workerCpuSeconds[w] = m.cpuSeconds;
            if (++doneCount === n) {
              const wallMs = performance.now() - this.started;
              void this.terminate();
              if (errors.length > 0) rejectAll(new Error(errors.join('\n')));
              else
                resolveDone({
                  counts,
                  results,
                  wallMs,
                  // Every worker's, or none (a filter skips the holes of workers that had none).
                  workerCpuSeconds:
                    workerCpuSeconds.filter(Number.isFinite).length === n ? workerCpuSeconds : [],
                });
            }
            return;
        }
      });
      this.workers.push(worker);
    }
  }

  /** Resolves once every worker booted and built its instances. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Starts every worker (after whenReady, so that timing leaves the boot out). */
  async start(): Promise<ThreadedRunResult> {
    await this.ready;
    this.started = performance.now();
    for (const w of this.workers) w.postMessage({ t: 'start' } satisfies ToParallelWorker);
    return this.finished;
  }

  /** Starts checkpoint barriers at every source instance (completion comes through onCheckpoint). */
  triggerCheckpoint(): number {
    const id = this.nextCheckpoint++;
    for (const w of this.workers) w.postMessage({ t: 'checkpoint', id } satisfies ToParallelWorker);
    return id;
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
