/**
 * A server run with settings.parallelism N > 1. The run's worker hosts part 0 of the threaded
 * parallel run (a WorkerHost: the single-instance stages, so every source and sink with the run's
 * real connectors, and instance 0 of the keyed stages); it spawns N-1 parallel workers
 * (parallel-worker.ts) for instances 1..N-1. It triggers the checkpoints (aligned barriers) and
 * gathers their parts, merges the instances' metrics, and ends the whole run when an instance
 * fails, a worker dies, or Stop comes.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import {
  type BatchListener,
  CheckpointCollector,
  ChunkClaims,
  checkRestorable,
  type OperatorFactory,
  type ParallelPlan,
  type ParallelSnapshot,
  planParallel,
  type RunEnd,
  type SourceFactory,
  type StageInstance,
  type TapOptions,
} from '@eventide/engine';
import type { PipelineDocument, RunMetrics } from '@eventide/shared';
import type { RunConnectors } from '../host/run-connectors.js';
import { addCounts, mergeInstanceMetrics, NO_COUNTS } from '../parallel/merge-metrics.js';
import type {
  FromParallelWorker,
  ParallelWorkerData,
  ToParallelWorker,
} from '../parallel/parallel-protocol.js';
import { peerPorts, progressCells, spawnParallelWorker } from '../parallel/parallel-spawn.js';
import { stateProblem, tapNode, tapProblem } from '../parallel/run-once.js';
import { type InstanceMetrics, type SnapshotPart, WorkerHost } from '../parallel/worker-host.js';
import type { NodeCounts } from './run-store.js';
import type { ServedRun, TakenCheckpoint } from './served-run.js';

/** The shortest idle wait of a worker (a single run's MIN_IDLE_DELAY_MS). */
const MIN_IDLE_MS = 4;

/** A periodic checkpoint not complete after this many intervals is given up for a new one. */
const STUCK_CHECKPOINT_INTERVALS = 10;

export interface ParallelRunOptions {
  document: PipelineDocument;
  parallelism: number;
  /** The run's sources and sinks: every one runs in this thread (sources and sinks are single-instance). */
  connectors: { sources: Record<string, SourceFactory>; sinkFor: RunConnectors['sinkFor'] };
  /** Progress cells of the run's threads (a pair per thread, see RunWorkerData.progress), for the stall watchdog. */
  progress?: SharedArrayBuffer;
  operators?: Record<string, OperatorFactory>;
  restoreFrom?: ParallelSnapshot;
  /** How often the other workers report their instances' metrics. */
  metricsMs: number;
  /** Every completed checkpoint (every settings.checkpointIntervalMs, and the first one at the start). */
  onCheckpoint(checkpoint: ParallelCheckpoint): void;
}

/** A completed checkpoint with the node counts at its barrier, summed over the instances' parts. */
export interface ParallelCheckpoint extends TakenCheckpoint {
  snapshot: ParallelSnapshot;
  counts: NodeCounts;
}

export class ParallelRun implements ServedRun {
  readonly plan: ParallelPlan;
  private readonly idleMs: number;
  private readonly host: WorkerHost;
  private readonly workers: Worker[] = [];
  private readonly collector: CheckpointCollector;
  /** Latest instance metrics of each other worker, by worker index. */
  private readonly remote = new Map<number, InstanceMetrics[]>();
  private readonly listeners: ((end: RunEnd) => void)[] = [];
  /** Checkpoints asked for (checkpoint()), by id. */
  private readonly asked = new Map<
    number,
    { resolve(c: ParallelCheckpoint): void; reject(e: Error): void }
  >();
  /** Node counts of the parts of each pending checkpoint, summed. */
  private readonly partCounts = new Map<number, NodeCounts>();
  private readonly done = new Set<number>();
  private readonly errors: string[] = [];
  private nextCheckpoint: number;
  /** A checkpoint whose barrier is still on its way (periodic ones wait for it), and since when. */
  private inFlight: number | null = null;
  private inFlightSince = 0;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private state: 'running' | 'stopping' | 'finished' | 'stopped' | 'failed' = 'running';
  private error: string | undefined;
  /** Workers that have booted and built their instances. */
  private booted = 0;
  private readonly ready: Promise<void>;
  private settleReady!: (error?: Error) => void;

  constructor(private readonly opts: ParallelRunOptions) {
    const { document } = opts;
    this.plan = planParallel(document, opts.parallelism);
    if (opts.restoreFrom) checkRestorable(opts.restoreFrom, this.plan);
    this.nextCheckpoint = (opts.restoreFrom?.checkpointId ?? 0) + 1;
    this.collector = new CheckpointCollector(this.plan, document.name);
    this.ready = new Promise((resolve, reject) => {
      this.settleReady = (error) => (error ? reject(error) : resolve());
    });
    this.ready.catch(() => undefined);
    const n = this.plan.parallelism;
    const ports = peerPorts(n);
    const claims = new SharedArrayBuffer(ChunkClaims.bytes(this.plan));
    // As long as a single run waits after an idle step (runtime/run.ts start()).
    const { microBatch, watermarkIntervalMs } = document.settings;
    this.idleMs = Math.max(MIN_IDLE_MS, Math.min(microBatch.maxDelayMs, watermarkIntervalMs));
    // Part 0 first: a document the engine refuses throws here, before any worker is spawned.
    this.host = new WorkerHost({
      document,
      plan: this.plan,
      worker: 0,
      peers: ports[0] as (MessagePort | undefined)[],
      claims,
      ...(opts.restoreFrom ? { restoreFrom: opts.restoreFrom } : {}),
      idleMs: this.idleMs,
      instanceOptions: () => ({
        sources: opts.connectors.sources,
        sinkFor: opts.connectors.sinkFor,
        ...(opts.progress ? { progress: progressCells(opts.progress, 0) } : {}),
        ...(opts.operators ? { operators: opts.operators } : {}),
      }),
      onSnapshot: (part) => this.onPart(part),
      onFailed: (error) => void this.end({ state: 'failed', error }),
      onDone: (errors) => this.onWorkerDone(0, errors),
    });
    for (let w = 1; w < n; w++) this.spawn(w, ports[w] as (MessagePort | undefined)[], claims);
  }

  private spawn(w: number, peers: (MessagePort | undefined)[], claims: SharedArrayBuffer): void {
    const worker = spawnParallelWorker();
    const data: ParallelWorkerData = {
      document: this.opts.document,
      plan: this.plan,
      worker: w,
      peers,
      claims,
      sinks: 'count',
      metricsMs: this.opts.metricsMs,
      idleMs: this.idleMs,
      yieldToApi: true,
      ...(this.opts.progress ? { progress: this.opts.progress } : {}),
      ...(this.opts.restoreFrom ? { restoreFrom: this.opts.restoreFrom } : {}),
    };
    worker.postMessage(
      data,
      peers.filter((p): p is MessagePort => p !== undefined),
    );
    worker.on(
      'error',
      (e) => void this.end({ state: 'failed', error: `parallel worker ${w} crashed: ${e.message}` }),
    );
    // A worker gone before its end (killed, out of memory) fails the run instead of hanging it.
    worker.on('exit', (code) => {
      if (!this.done.has(w))
        void this.end({
          state: 'failed',
          error: `parallel worker ${w} exited with code ${code} before the run ended`,
        });
    });
    worker.on('message', (m: FromParallelWorker) => {
      switch (m.t) {
        case 'ready':
          if (++this.booted === this.plan.parallelism - 1) this.settleReady();
          return;
        case 'part':
          this.onPart(m);
          return;
        case 'metrics':
          this.remote.set(w, m.instances);
          return;
        case 'failed':
          void this.end({ state: 'failed', error: m.error });
          return;
        case 'done':
          this.onWorkerDone(w, m.errors);
          return;
      }
    });
    this.workers.push(worker);
  }

  /**
   * Resolves once the other workers have booted (a second or more: each loads the engine), so the
   * run reports running only when every instance can step; until then part 0's sources would
   * stop at the first exchange bundle nobody acknowledges.
   */
  whenReady(): Promise<void> {
    return this.ready;
  }

  start(): void {
    // The first checkpoint holds the state the run starts from (a fresh run's sinks, or the restored
    // state): its barrier goes before any source steps.
    this.trigger();
    this.post({ t: 'start' });
    this.host.start();
    const interval = this.opts.document.settings.checkpointIntervalMs;
    if (interval > 0)
      this.checkpointTimer = setInterval(() => {
        // One barrier at a time; one that never completes (an instance ended before it) is given up.
        if (this.inFlight === null || Date.now() - this.inFlightSince > STUCK_CHECKPOINT_INTERVALS * interval)
          this.trigger();
      }, interval);
  }

  wake(): void {
    this.host.wake();
  }

  async stop(): Promise<void> {
    await this.end({ state: 'stopped' });
  }

  onEnd(listener: (end: RunEnd) => void): void {
    this.listeners.push(listener);
  }

  metrics(): RunMetrics {
    const parts = [...this.host.metrics(), ...[...this.remote.values()].flat()];
    const first = parts[0]?.metrics;
    const merged = mergeInstanceMetrics(this.plan, parts);
    return {
      run: first?.run ?? '',
      pipeline: this.opts.document.name,
      state: this.state,
      startedAt: first?.startedAt ?? Date.now(),
      timeMode: first?.timeMode ?? 'processing',
      ...merged,
      ...(this.error !== undefined ? { error: this.error } : {}),
    };
  }

  initialCheckpoint(): undefined {
    return undefined;
  }

  checkpoint(): Promise<ParallelCheckpoint> {
    if (this.state !== 'running') return Promise.reject(new Error('the run has ended'));
    const id = this.inFlight ?? this.trigger();
    if (id === null)
      return Promise.reject(new Error('a source of the run has ended: no checkpoint can complete'));
    return new Promise((resolve, reject) => this.asked.set(id, { resolve, reject }));
  }

  checkpointAndStop(): never {
    throw new Error(
      `settings.parallelism: a run with parallelism ${this.plan.parallelism} cannot take a new version while running yet; stop it and start the new version`,
    );
  }

  tap(edgeId: string, listener: BatchListener, options?: TapOptions): () => void {
    const edge = this.opts.document.edges.find((e) => e.id === edgeId);
    if (!edge) throw new Error(`no edge "${edgeId}"`);
    const node = tapNode(this.plan, edge);
    const at = node === null ? undefined : this.single(node);
    if (!at) throw new Error(tapProblem(this.plan, edge) ?? `edge ${edgeId} is not in this thread`);
    return at.run.tap(edgeId, listener, options);
  }

  watchOutput(nodeId: string, port: string, listener: BatchListener): () => void {
    return this.singleOrThrow(nodeId).run.watchOutput(nodeId, port, listener);
  }

  operatorState(nodeId: string): unknown {
    return this.singleOrThrow(nodeId).run.operatorState(nodeId);
  }

  /** The instance running `node` when the node runs once (in this thread), else undefined. */
  private single(node: string): StageInstance | undefined {
    const instance = this.host.instanceOf(node);
    return instance && instance.stage.parallelism === 1 ? instance : undefined;
  }

  private singleOrThrow(node: string): StageInstance {
    const instance = this.single(node);
    if (!instance) throw new Error(stateProblem(this.plan, node) ?? `node ${node} is not in this thread`);
    return instance;
  }

  /** Starts checkpoint barriers at every source instance; null when a source here already ended. */
  private trigger(): number | null {
    const id = this.nextCheckpoint;
    if (!this.host.checkpoint(id)) return null;
    this.nextCheckpoint++;
    this.inFlight = id;
    this.inFlightSince = Date.now();
    this.post({ t: 'checkpoint', id });
    return id;
  }

  private onPart(part: SnapshotPart): void {
    const { id } = part;
    const counts = this.partCounts.get(id) ?? {};
    this.partCounts.set(id, counts);
    for (const [node, c] of Object.entries(part.counts))
      counts[node] = addCounts(counts[node] ?? NO_COUNTS, c);
    const snapshot = this.collector.add(part.stage, part.index, id, part.snapshot);
    if (!snapshot) return;
    // Older checkpoints that never completed never will (the collector dropped them too).
    for (const old of [...this.partCounts.keys()]) if (old <= id) this.partCounts.delete(old);
    if (this.inFlight !== null && this.inFlight <= id) this.inFlight = null;
    const checkpoint: ParallelCheckpoint = { snapshot, counts };
    this.opts.onCheckpoint(checkpoint);
    for (const [asked, p] of this.asked)
      if (asked <= id) {
        this.asked.delete(asked);
        p.resolve(checkpoint);
      }
  }

  private onWorkerDone(worker: number, errors: string[]): void {
    this.done.add(worker);
    this.errors.push(...errors);
    if (this.done.size < this.plan.parallelism) return;
    void this.end(
      this.errors.length > 0 ? { state: 'failed', error: this.errors.join('; ') } : { state: 'finished' },
    );
  }

  private post(m: ToParallelWorker): void {
    for (const w of this.workers) w.postMessage(m);
  }

  /** Ends the whole run once: every instance stops (sinks close), the other workers are terminated. */
  private async end(end: RunEnd): Promise<void> {
    if (this.state !== 'running') return;
    this.state = end.state === 'stopped' ? 'stopping' : end.state;
    this.error = end.error;
    this.settleReady(new Error(end.error ?? `the run ${end.state} before its workers were up`));
    clearInterval(this.checkpointTimer);
    await this.host.stop();
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const p of this.asked.values()) p.reject(new Error('the run has ended'));
    this.asked.clear();
    if (end.state === 'stopped') this.state = 'stopped';
    for (const l of this.listeners) l(end);
  }
}
