/**
 * What one thread of a threaded parallel run does, whichever thread it is (a standalone parallel
 * worker, or a server run's worker hosting part 0): it hosts instance k of every N-instance stage
 * (and, as worker 0, the single-instance stages), steps them in turn, hands exchange messages to
 * its own instances directly and to other workers in one bundle per peer per slice.
 * Flow control: a source instance steps only while fewer than MAX_UNACKED bundles to each peer
 * wait for their ack and fewer than MAX_QUEUED events wait in this worker's exchanges, so a slow
 * instance slows the sources instead of filling memory.
 */
import type { MessagePort } from 'node:worker_threads';
import {
  ChunkClaims,
  type ExchangeMessage,
  type InstanceHost,
  type ParallelPlan,
  type ParallelSnapshot,
  type RunSnapshot,
  type Stage,
  StageInstance,
  type StageRunOptions,
} from '@eventide/engine';
import type { RunMetrics } from '@eventide/shared';
import type { NodeCounts } from '../runs/run-store.js';
import { countsOf } from './merge-metrics.js';
import type { PeerMessage } from './parallel-protocol.js';

const SLICE_MS = 8;
const MAX_UNACKED = 3;
const MAX_QUEUED = 32_768;
/** Default idle poll of a worker with nothing to do (processing-time timers, pull sources with nothing yet). */
const IDLE_TICK_MS = 5;

/** One instance's part of a checkpoint, with its nodes' counts at the barrier (a resumed run's metrics go on from them). */
export interface SnapshotPart {
  stage: string;
  index: number;
  id: number;
  snapshot: RunSnapshot;
  counts: NodeCounts;
}

/** The metrics of one instance's run (its stage's nodes and the exchange nodes at its edges). */
export interface InstanceMetrics {
  stage: string;
  index: number;
  metrics: RunMetrics;
}

export interface WorkerHostOptions {
  document: unknown;
  plan: ParallelPlan;
  worker: number;
  /** Port to each other worker, by worker index (undefined for this one). */
  peers: (MessagePort | undefined)[];
  /** The run's chunk cells (ChunkClaims.bytes(plan) bytes), one buffer shared by every worker of the run. */
  claims: SharedArrayBuffer;
  /** Run options of each instance this worker hosts (its sinks, sources, clock, ...). */
  instanceOptions(stage: Stage, index: number): StageRunOptions;
  restoreFrom?: ParallelSnapshot;
  /**
   * How long a worker with nothing to do waits before it looks again (default IDLE_TICK_MS); a
   * message from a peer or wake() ends the wait at once. A server run waits as long as a single run
   * would (its batching delay, at most the watermark interval).
   */
  idleMs?: number;
  /** One instance's part of a checkpoint. */
  onSnapshot(part: SnapshotPart): void;
  /** An instance's run failed (the whole run should fail: the others would end as if finished). */
  onFailed(error: string): void;
  /** Every instance of this worker ended; `errors` are those of failed instances. */
  onDone(errors: string[]): void;
}

/** The thread a stage instance runs in: instance k of an N-instance stage in worker k, single ones in 0. */
export function workerOf(plan: ParallelPlan, stage: string, index: number): number {
  const s = plan.stages.find((x) => x.id === stage);
  return s && s.parallelism > 1 ? index : 0;
}

export class WorkerHost {
  readonly instances: StageInstance[] = [];
  private readonly local = new Map<string, StageInstance>();
  private readonly bundles: [number, number, number, ExchangeMessage][][];
  private readonly unacked: number[];
  private started = false;
  private scheduled = false;
  private finished = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: WorkerHostOptions) {
    const { plan, worker, peers } = opts;
    this.bundles = peers.map(() => []);
    this.unacked = peers.map(() => 0);
    const hostApi: InstanceHost = {
      send: (exchange, from, to, message) => {
        const x = plan.exchanges[exchange];
        if (!x) return;
        const target = workerOf(plan, x.to, to);
        if (target === worker) this.local.get(`${x.to}.${to}`)?.receive(exchange, from, message);
        else this.bundles[target]?.push([exchange, from, to, message]);
      },
      isLocal: (exchange, _from, to) => {
        const x = plan.exchanges[exchange];
        return x !== undefined && workerOf(plan, x.to, to) === worker;
      },
      onSnapshot: (stage, index, id, snapshot) => {
        const instance = this.local.get(`${stage}.${index}`);
        const counts: NodeCounts = {};
        if (instance) {
          const nodes = instance.run.metrics().nodes;
          for (const id of instance.stage.nodes) {
            const n = nodes[id];
            if (n) counts[id] = countsOf(n);
          }
        }
        opts.onSnapshot({ stage, index, id, snapshot, counts });
      },
      claims: ChunkClaims.forPlan(plan, opts.claims),
    };
    for (const stage of plan.stages)
      for (let i = 0; i < stage.parallelism; i++) {
        if (workerOf(plan, stage.id, i) !== worker) continue;
        const instance = new StageInstance(
          opts.document,
          plan,
          stage,
          i,
          hostApi,
          opts.instanceOptions(stage, i),
          opts.restoreFrom?.stages[stage.id]?.[i],
        );
        instance.run.onEnd((end) => {
          if (end.state === 'failed' && !this.finished)
            opts.onFailed(end.error ?? `stage ${stage.id} failed`);
        });
        this.local.set(`${stage.id}.${i}`, instance);
        this.instances.push(instance);
      }
    peers.forEach((port, w) => {
      port?.on('message', (m: PeerMessage) => {
        if (m.t === 'ack') this.unacked[w] = Math.max(0, (this.unacked[w] as number) - 1);
        else {
          for (const [exchange, from, to, message] of m.items) {
            const x = plan.exchanges[exchange];
            if (x) this.local.get(`${x.to}.${to}`)?.receive(exchange, from, message);
          }
          port.postMessage({ t: 'ack' } satisfies PeerMessage);
        }
        this.schedule();
      });
    });
  }

  /** The instance of this worker running `node`, if one does. */
  instanceOf(node: string): StageInstance | undefined {
    return this.instances.find((i) => i.stage.nodes.includes(node));
  }

  start(): void {
    this.started = true;
    this.schedule();
  }

  /** Something arrived for a source of this worker (an ingest request): step now. */
  wake(): void {
    this.schedule();
  }

  /** Source instances of this worker take their part of checkpoint `id`; false if one already ended. */
  checkpoint(id: number): boolean {
    const sources = this.instances.filter((i) => i.stage.sources);
    if (sources.some((i) => i.ended)) return false;
    for (const i of sources) i.checkpoint(id);
    this.flushPeers();
    return true;
  }

  /** Stops stepping and stops every instance's run (their sinks close). */
  async stop(): Promise<void> {
    this.finished = true;
    clearTimeout(this.idleTimer);
    await Promise.all(this.instances.map((i) => i.run.stop()));
  }

  metrics(): InstanceMetrics[] {
    return this.instances.map((i) => ({ stage: i.stage.id, index: i.index, metrics: i.run.metrics() }));
  }

  private schedule(): void {
    if (this.scheduled || this.finished || !this.started) return;
    this.scheduled = true;
    setImmediate(() => this.loop());
  }

  private flushPeers(): void {
    for (let w = 0; w < this.bundles.length; w++) {
      const items = this.bundles[w] as [number, number, number, ExchangeMessage][];
      if (items.length === 0) continue;
      this.bundles[w] = [];
      this.unacked[w] = (this.unacked[w] as number) + 1;
      this.opts.peers[w]?.postMessage({ t: 'bundle', items } satisfies PeerMessage);
    }
  }

  private sourcesHeld(): boolean {
    for (const u of this.unacked) if (u >= MAX_UNACKED) return true;
    let queued = 0;
    for (const i of this.instances) queued += i.queuedEvents;
    return queued >= MAX_QUEUED;
  }

  private loop(): void {
    this.scheduled = false;
    if (this.finished) return;
    const until = performance.now() + SLICE_MS;
    let moved: boolean;
    do {
      moved = false;
      const held = this.sourcesHeld();
      for (const instance of this.instances) {
        if (instance.ended) continue;
        if (instance.stage.sources ? held : !instance.ready) continue;
        const result = instance.step();
        if (result === 'progress') moved = true;
        // An instance that ended sends its end to the peers now, not after the rest of the slice:
        // their instances' last step waits for it, and at the end of input that step (every
        // remaining window firing) is often the longest of the run. Held to the slice's end, the
        // end waited for this worker's own last step, and the workers' last steps ran one after
        // the other instead of side by side (q5: 250-300 ms each).
        else if (result === 'finished') this.flushPeers();
      }
    } while (moved && performance.now() < until);
    for (const instance of this.instances) instance.flush();
    // One bundle per peer per slice: fewer, larger messages.
    this.flushPeers();
    if (this.instances.every((i) => i.ended)) {
      this.finished = true;
      const errors = this.instances
        .map((i) => i.run.metrics())
        .filter((m) => m.error !== undefined)
        .map((m) => `${m.run}: ${m.error}`);
      this.opts.onDone(errors);
      return;
    }
    // Work left: go on after the event loop delivered what peers sent; else wait for a message,
    // a wake (ingest) or a tick for processing-time timers and pull sources with nothing yet.
    if (moved || this.instances.some((i) => !i.stage.sources && i.ready)) this.schedule();
    else {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.schedule(), this.opts.idleMs ?? IDLE_TICK_MS);
    }
  }
}
