import type { Worker } from 'node:worker_threads';
import { MAX_PARALLELISM, type RunMetrics, type ValidationIssue } from '@eventide/shared';
import { type CheckpointSnapshot, sourcesOf } from './checkpoint-snapshot.js';
import type { StoredCheckpoint } from './run-store.js';
import type {
  FromWorker,
  FromWorkerItem,
  RunWorkerData,
  ToWorker,
  WorkerReplies,
  WorkerRequest,
} from './worker-protocol.js';

/** How a run's worker ended: its own end, or one the main thread concluded (crash, stall, kill). */
export interface ThreadEnd {
  state: 'finished' | 'stopped' | 'failed';
  error?: string;
  /** The worker's final metrics; absent when it died without sending them. */
  metrics?: RunMetrics;
  /** The worker was terminated before it ended the run: its record stays "running", so the run resumes from its last checkpoint, as after a crash. */
  resumeOnNextStart: boolean;
}

export interface RunThreadHandlers {
  /** Results, logs, metrics, taps and checkpoints, in the order the worker produced them. */
  onItem(item: Exclude<FromWorkerItem, { t: 'ready' | 'refused' | 'reply' | 'end' }>): void;
  /** Exactly once, whatever the way the worker ended. */
  onEnd(end: ThreadEnd): void;
}

/** The worker refused the document (the engine threw while compiling or restoring). */
export class WorkerRefused extends Error {
  constructor(
    message: string,
    readonly issues: ValidationIssue[],
  ) {
    super(message);
  }
}

/**
 * The main thread's handle on one run's worker: requests with replies, Stop with a deadline, and
 * termination that the run survives as a failure (or a resumable stop), never the server.
 */
export class RunThread {
  readonly progress: Float64Array;
  private readonly pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private ended = false;
  /** Why the main thread terminated the worker, if it did. */
  private killedFor: ThreadEnd | undefined;
  private crash: Error | undefined;
  private readonly readyPromise: Promise<StoredCheckpoint | undefined>;
  private resolveReady!: (initial: StoredCheckpoint | undefined) => void;
  private rejectReady!: (e: Error) => void;
  private endPromise: Promise<ThreadEnd>;
  private resolveEnd!: (end: ThreadEnd) => void;

  /** Hands `worker` (booted or booting, see WorkerSpawner) the run described by `data`. */
  constructor(
    private readonly worker: Worker,
    data: Omit<RunWorkerData, 'progress'>,
    private readonly handlers: RunThreadHandlers,
  ) {
    // A pair of cells per thread: a parallel run has up to MAX_PARALLELISM.
    const shared = new SharedArrayBuffer(2 * MAX_PARALLELISM * Float64Array.BYTES_PER_ELEMENT);
    this.progress = new Float64Array(shared);
    for (let i = 0; i < this.progress.length; i += 2) this.progress[i] = -1;
    this.readyPromise = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // A failed start is reported by ready(); nobody else needs to hear it.
    this.readyPromise.catch(() => undefined);
    this.endPromise = new Promise((resolve) => {
      this.resolveEnd = resolve;
    });
    const init: RunWorkerData = { ...data, progress: shared };
    this.worker.on('message', (items: FromWorker) => {
      for (const item of items) this.onItem(item);
      this.send({ t: 'ack' });
    });
    this.worker.on('error', (e) => {
      this.crash ??= e;
    });
    this.worker.on('exit', (code) => this.onExit(code));
    this.worker.postMessage(init);
  }

  /** The initial checkpoint of a fresh run (undefined for a restored one), once the engine compiled. */
  ready(): Promise<StoredCheckpoint | undefined> {
    return this.readyPromise;
  }

  /** Resolves once the worker is gone, with how the run ended. */
  get done(): Promise<ThreadEnd> {
    return this.endPromise;
  }

  start(): void {
    this.send({ t: 'start' });
  }

  tap(edge: string, filter: string, on = true): void {
    this.send({ t: 'tap', edge, filter, ...(on ? {} : { off: true }) });
  }

  watch(node: string, on: boolean): void {
    this.send({ t: 'watch', node, on });
  }

  /** Checkpoint `snapshot` is on disk; `offsets`: the source offsets of the oldest one kept. */
  checkpointed(offsets: Record<string, unknown>, snapshot: CheckpointSnapshot): void {
    this.send({
      t: 'checkpointed',
      offsets,
      checkpointId: snapshot.checkpointId,
      sources: sourcesOf(snapshot),
    });
  }

  request<K extends WorkerRequest['what']>(
    request: Extract<WorkerRequest, { what: K }>,
    timeoutMs: number,
  ): Promise<WorkerReplies[K]> {
    if (this.ended) return Promise.reject(new Error('the run has ended'));
    const id = this.nextId++;
    return new Promise<WorkerReplies[K]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the run's worker did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v: never) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.send({ t: 'request', id, request });
    });
  }

  /**
   * Asks the run to stop; a worker that has not ended it within `graceMs` (blocked in an operator)
   * is terminated, and the end says `resumeOnNextStart`, so the run can resume from its last checkpoint.
   */
  async stop(graceMs: number): Promise<ThreadEnd> {
    this.send({ t: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    const first = await Promise.race([this.endPromise, deadline]);
    clearTimeout(timer);
    if (first === 'late')
      this.kill({
        state: 'stopped',
        error: `the run did not stop within ${graceMs / 1000} s: its worker was terminated; it resumes from its last checkpoint`,
        resumeOnNextStart: true,
      });
    return this.endPromise;
  }

  /** Terminates the worker now; the run ends as `end` says (the watchdog, a Stop past its deadline). */
  kill(end: ThreadEnd): void {
    if (this.ended || this.killedFor) return;
    this.killedFor = end;
    void this.worker.terminate();
  }

  private send(msg: ToWorker): void {
    if (!this.ended) this.worker.postMessage(msg);
  }

  private onItem(item: FromWorkerItem): void {
    switch (item.t) {
      case 'ready':
        this.resolveReady(item.initial);
        return;
      case 'refused':
        this.rejectReady(new WorkerRefused(item.message, item.issues));
        void this.worker.terminate();
        return;
      case 'reply': {
        const p = this.pending.get(item.id);
        this.pending.delete(item.id);
        if (!p) return;
        if (item.ok) p.resolve(item.value as never);
        else p.reject(new Error(item.error));
        return;
      }
      case 'end':
        // An end before ready (a parallel worker that could not boot): the start fails with its reason.
        this.rejectReady(new Error(item.error ?? `the run ${item.state} before it was ready`));
        this.finish({
          state: item.state,
          ...(item.error !== undefined ? { error: item.error } : {}),
          metrics: item.metrics,
          resumeOnNextStart: false,
        });
        // Everything (sinks closed, files flushed) happened before the worker sent its end.
        void this.worker.terminate();
        return;
      default:
        if (!this.ended) this.handlers.onItem(item);
    }
  }

  private onExit(code: number): void {
    const reason = this.crash
      ? `the run's worker crashed: ${this.crash.message}`
      : `the run's worker exited with code ${code}`;
    this.rejectReady(this.killedFor ? new Error(this.killedFor.error ?? reason) : new Error(reason));
    this.finish(this.killedFor ?? { state: 'failed', error: reason, resumeOnNextStart: false });
  }

  private finish(end: ThreadEnd): void {
    if (this.ended) return;
    this.ended = true;
    for (const p of this.pending.values()) p.reject(new Error('the run has ended'));
    this.pending.clear();
    this.resolveEnd(end);
    this.handlers.onEnd(end);
  }
}
