/**
 * The single-threaded runtime. One step polls every source, pushes each filled micro-batch through
 * the graph depth-first (an operator's emit calls the next operator synchronously), fires
 * processing-time ticks, then propagates watermarks in topological order.
 *
 * Why barriers are aligned by construction: a batch is delivered to the end of the graph before
 * step() returns, and watermarks and checkpoints only happen between steps or after every batch of
 * the step. When checkpoint() runs, no event is in flight on any edge: the only data not yet inside
 * an operator are the sources' pending micro-batches, which the snapshot stores. So each operator's
 * state reflects exactly the events before the barrier on every one of its inputs, which is what
 * Flink's barrier alignment establishes in a distributed setting.
 */
import type { NodeMetrics, RunMetrics, RunState } from '@eventide/shared';
import { decodeWatermark, encodeWatermark } from '../checkpoint/watermark-json.js';
import { type CompiledPipeline, compilePipeline, type ExecPlan } from '../compiler/compile.js';
import { compilePredicate } from '../expr/index.js';
import type {
  BatchListener,
  PipelineRun,
  RunEnd,
  RunOptions,
  RunSnapshot,
  Sink,
  SourcePoll,
  SourceSnapshot,
  StepResult,
  TapOptions,
} from '../host.js';
import { RateMeter } from '../metrics/rates.js';
import { EXCHANGE_IN_KIND } from '../parallel/exchange-kinds.js';
import type { CollectingSink } from '../sinks/collecting.js';
import { FusedChain } from './chain.js';
import { createDriver, type Driver } from './driver.js';
import { type EdgeRuntime, NodeRuntime, type SourceRuntime } from './graph.js';
import { NodeFailure } from './node-failure.js';
import type { Event, Operator, OperatorContext } from './operator.js';
import { ProgressStamp } from './progress-stamp.js';
import { splitOf, tagSplit } from './split.js';
import { TapSampler } from './tap-sampler.js';

type Exec =
  | { type: 'source'; src: SourceRuntime }
  | { type: 'operator'; node: NodeRuntime; operator: Operator }
  | { type: 'chain'; node: NodeRuntime; chain: FusedChain }
  | { type: 'sink'; node: NodeRuntime; sink: Sink; collecting: CollectingSink | null };

const NEG_INF = Number.NEGATIVE_INFINITY;
const MIN_IDLE_DELAY_MS = 4;
const POS_INF = Number.POSITIVE_INFINITY;
const perfNow: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/** Compiles a document and prepares a run of it (nothing happens until step() or start()). */
export function createRun(document: unknown, options: RunOptions = {}): PipelineRun {
  return new Run(compilePipeline(document, options), options);
}

class Run implements PipelineRun {
  readonly runId: string;
  readonly timeMode: 'event' | 'processing';
  readonly done: Promise<RunEnd>;

  private readonly clock: () => number;
  private readonly microBatch: { maxEvents: number; maxDelayMs: number };
  private readonly watermarkEvery: number;
  private readonly nodes = new Map<string, NodeRuntime>();
  private readonly edges = new Map<string, EdgeRuntime>();
  private readonly execs: Exec[] = [];
  private readonly sources: SourceRuntime[] = [];
  /** Exec receiving batches for each node that heads one (chains are entered at their head). */
  private readonly entry = new Map<NodeRuntime, Exec>();
  private readonly rates = new Map<string, { in: RateMeter; out: RateMeter }>();
  private readonly edgeRates = new Map<string, RateMeter>();
  /**
   * In an event-time run, the nodes ahead of every assign-timestamps (sources, transforms before
   * it): their watermark is processing time, used only to drive propagation, and metrics report
   * none for them, as Flink shows "No Watermark" before the timestamp assigner.
   */
  private readonly withoutEventTimeWatermark = new Set<NodeRuntime>();
  private readonly endListeners: ((end: RunEnd) => void)[] = [];
  private resolveDone!: (end: RunEnd) => void;

  private state: RunState = 'starting';
  private error: string | undefined;
  private now: number;
  private readonly startedAt: number;
  private lastTick: number;
  private lastCheckpointAt: number;
  private steps = 0;
  /** Every open tap, to hand out its sample when its interval ends even if no event crosses its edge. */
  private readonly openTaps = new Set<TapSampler>();
  /** Seeds the taps' sampling, so that a replay shows the same sample. */
  private tapsOpened = 0;
  private checkpointId = 0;
  private driver: Driver | null = null;
  /** Self-time accounting: time spent in nested deliveries, subtracted from the caller's latency. */
  private readonly childTime: number[] = [];
  /** RunOptions.progress: the node holding the thread, for a watchdog elsewhere. */
  private readonly progress: ProgressStamp | null;

  constructor(
    private readonly compiled: CompiledPipeline,
    private readonly options: RunOptions,
  ) {
    this.runId = options.runId ?? 'run';
    this.timeMode = compiled.timeMode;
    this.clock = options.clock ?? Date.now;
    const settings = compiled.document.settings;
    this.microBatch = {
      maxEvents: Math.max(1, Math.floor(options.maxEvents ?? settings.microBatch.maxEvents)),
      maxDelayMs: Math.max(0, options.maxDelayMs ?? settings.microBatch.maxDelayMs),
    };
    this.watermarkEvery = Math.max(1, Math.floor(options.watermarkEvery ?? 1));
    this.progress = options.progress ? new ProgressStamp(options.progress) : null;
    this.now = this.clock();
    this.startedAt = this.now;
    this.lastTick = this.now;
    this.lastCheckpointAt = this.now;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    this.build();
    if (options.restoreFrom) this.restore(options.restoreFrom);
    this.open();
    this.state = 'running';
  }

  // ---- building -------------------------------------------------------------------------------

  private build(): void {
    const indexOf = new Map(this.compiled.document.nodes.map((n, i) => [n.id, i]));
    for (const [id, c] of this.compiled.nodes) {
      const main = new Set(c.outputs.filter((o) => o.role === 'main').map((o) => o.id));
      this.nodes.set(id, new NodeRuntime(id, c.kind, c.category, main, indexOf.get(id) ?? -1));
      this.rates.set(id, { in: new RateMeter(this.now), out: new RateMeter(this.now) });
    }
    for (const e of this.compiled.edges) {
      const from = this.nodes.get(e.source);
      const to = this.nodes.get(e.target);
      if (!from || !to) continue;
      const edge: EdgeRuntime = {
        id: e.id,
        from,
        fromPort: e.sourcePort,
        to,
        toPort: e.targetPort,
        count: 0,
        taps: [],
      };
      this.edges.set(e.id, edge);
      this.edgeRates.set(e.id, new RateMeter(this.now));
      to.inputEdges.push(edge);
    }
    for (const plan of this.compiled.plan) this.execs.push(this.execOf(plan));
    // Routing: edges into a fused chain's inner members are internal; everything else is delivered.
    const internal = new Set<EdgeRuntime>();
    for (const exec of this.execs)
      if (exec.type === 'chain') for (const e of exec.chain.internalEdges) internal.add(e as EdgeRuntime);
    for (const edge of this.edges.values()) {
      if (internal.has(edge)) continue;
      const list = edge.from.outputs.get(edge.fromPort) ?? [];
      list.push(edge);
      edge.from.outputs.set(edge.fromPort, list);
    }
    if (this.timeMode === 'event') this.markNodesWithoutEventTime();
  }

  /** Every node not reachable from an assign-timestamps node has no event-time watermark. */
  private markNodesWithoutEventTime(): void {
    const eventTime = new Set<NodeRuntime>();
    // An exchange into a stage of a parallel run carries the event time of the stage before it.
    const stack = [...this.nodes.values()].filter(
      (n) => n.kind === 'time.assign-timestamps' || n.kind === EXCHANGE_IN_KIND,
    );
    for (let n = stack.pop(); n; n = stack.pop()) {
      if (eventTime.has(n)) continue;
      eventTime.add(n);
      for (const e of this.edges.values()) if (e.from === n) stack.push(e.to);
    }
    for (const n of this.nodes.values()) if (!eventTime.has(n)) this.withoutEventTimeWatermark.add(n);
  }

  private execOf(plan: ExecPlan): Exec {
    const node = (id: string) => this.nodes.get(id) as NodeRuntime;
    switch (plan.type) {
      case 'source': {
        const src: SourceRuntime = {
          node: node(plan.node.id),
          source: plan.source,
          pending: [],
          pendingTimes: [],
          pendingSince: this.now,
          ended: false,
          drained: false,
        };
        this.sources.push(src);
        return { type: 'source', src };
      }
      case 'operator': {
        const exec: Exec = { type: 'operator', node: node(plan.node.id), operator: plan.operator };
        this.entry.set(exec.node, exec);
        return exec;
      }
      case 'sink': {
        const exec: Exec = {
          type: 'sink',
          node: node(plan.node.id),
          sink: plan.sink,
          collecting: plan.collecting,
        };
        this.entry.set(exec.node, exec);
        return exec;
      }
      case 'chain': {
        const members = plan.nodes.map((n) => node(n.id));
        const internalEdges = members.slice(1).map((m) => m.inputEdges[0] as EdgeRuntime);
        const head = members[0] as NodeRuntime;
        const exec: Exec = {
          type: 'chain',
          node: head,
          chain: new FusedChain(plan.stages, members, internalEdges),
        };
        this.entry.set(head, exec);
        return exec;
      }
    }
  }

  private open(): void {
    for (const exec of this.execs) {
      if (exec.type !== 'operator') continue;
      exec.operator.open(this.contextFor(exec.node));
    }
  }

  private contextFor(node: NodeRuntime): OperatorContext {
    return {
      emit: (port, events, times) => this.emit(node, port, events, times),
      error: (event, time, message) => {
        node.errors++;
        this.emit(node, 'error', [{ ...event, error: message }], [time]);
      },
      late: (event, time) => {
        node.late++;
        this.emit(node, 'late', [event], [time]);
      },
      dropped: (count, reason) => {
        node.dropped += count;
        node.lastDropReason = reason;
      },
      now: () => this.now,
      microBatch: this.microBatch,
    };
  }

  // ---- data flow ------------------------------------------------------------------------------

  /** A node emits a batch on a port: count it, show it to watchers and taps, deliver it downstream. */
  private emit(node: NodeRuntime, port: string, events: Event[], times: number[]): void {
    const n = events.length;
    if (n === 0) return;
    if (node.mainPorts.has(port)) node.out += n;
    const watchers = node.watchers.get(port);
    if (watchers) for (const w of watchers) w(events, times);
    const edges = node.outputs.get(port);
    if (!edges) return;
    for (const edge of edges) {
      edge.count += n;
      for (const tap of edge.taps) tap.offer(events, times, this.now);
      this.deliver(edge.to, edge.toPort, events, times);
    }
  }

  private deliver(node: NodeRuntime, port: string, events: Event[], times: number[]): void {
    const exec = this.entry.get(node);
    if (!exec) return;
    node.in +=
      exec.type === 'operator' && exec.operator.eventsIn ? exec.operator.eventsIn(events) : events.length;
    const depth = this.childTime.length;
    this.childTime.push(0);
    const started = perfNow();
    this.progress?.enter(node.index);
    try {
      switch (exec.type) {
        case 'operator':
          exec.operator.processBatch(port, events, times);
          break;
        case 'chain':
          exec.chain.process(events, times, (member, p, ev, t) => this.emit(member, p, ev, t));
          break;
        case 'sink': {
          const watchers = node.watchers.get('in');
          if (watchers) for (const w of watchers) w(events, times);
          exec.sink.write(events, times);
          break;
        }
        case 'source':
          break;
      }
    } catch (err) {
      throw NodeFailure.wrap(node, err);
    } finally {
      this.progress?.leave();
    }
    const elapsed = perfNow() - started;
    const nested = this.childTime.pop() as number;
    if (depth > 0) this.childTime[depth - 1] = (this.childTime[depth - 1] as number) + elapsed;
    const self = elapsed - nested;
    if (exec.type === 'chain') for (const m of exec.chain.members) m.latency.record(self);
    else node.latency.record(self);
  }

  // ---- stepping -------------------------------------------------------------------------------

  step(): StepResult {
    if (this.state !== 'running') return 'finished';
    try {
      return this.stepOnce();
    } catch (err) {
      this.progress?.idle();
      this.fail(err);
      return 'finished';
    }
  }

  private stepOnce(): StepResult {
    const now = this.clock();
    this.now = Math.max(now, this.now);
    const { maxEvents, maxDelayMs } = this.microBatch;
    let moved = false;
    let justDrained = false;

    for (const src of this.sources) {
      if (src.drained) continue;
      let readyNow = false;
      if (!src.ended) {
        const room = maxEvents - src.pending.length;
        if (room > 0) {
          let polled: SourcePoll;
          this.progress?.enter(src.node.index);
          try {
            polled = src.source.poll(room, this.now);
          } catch (err) {
            throw NodeFailure.wrap(src.node, err);
          }
          this.progress?.leave();
          // Batches that come with their times (exchanges) are taken over whole, not copied.
          if (polled.events.length > 0 && src.pending.length === 0 && polled.times) {
            src.pendingSince = this.now;
            src.pending = polled.events;
            src.pendingTimes = polled.times;
          } else if (polled.events.length > 0) {
            if (src.pending.length === 0) src.pendingSince = this.now;
            const times = polled.times;
            for (let i = 0; i < polled.events.length; i++) {
              src.pending.push(polled.events[i] as Event);
              src.pendingTimes.push(times ? (times[i] as number) : this.now);
            }
          }
          src.ended = polled.ended;
          if (polled.errors && polled.errors.length > 0) {
            src.node.errors += polled.errors.length;
            this.emit(
              src.node,
              'error',
              polled.errors,
              polled.errors.map(() => this.now),
            );
          }
          readyNow = polled.drained === true;
        }
      }
      const full = src.pending.length >= maxEvents;
      const waited = this.now - src.pendingSince >= maxDelayMs;
      if (src.pending.length > 0 && (full || waited || src.ended || readyNow)) {
        const events = src.pending;
        const times = src.pendingTimes;
        src.pending = [];
        src.pendingTimes = [];
        this.emit(src.node, 'out', events, times);
        moved = true;
      }
      if (src.ended && src.pending.length === 0) {
        src.drained = true;
        justDrained = true;
      }
    }

    if (this.now - this.lastTick >= maxDelayMs) {
      this.lastTick = this.now;
      for (const exec of this.execs)
        if (exec.type === 'operator' && exec.operator.onProcessingTime) {
          this.progress?.enter(exec.node.index);
          try {
            exec.operator.onProcessingTime(this.now);
          } catch (err) {
            throw NodeFailure.wrap(exec.node, err);
          }
          this.progress?.leave();
        }
    }

    for (const tap of this.openTaps) tap.flushIfDue(this.now);

    this.steps++;
    const allDrained = this.sources.every((s) => s.drained);
    if (this.steps % this.watermarkEvery === 0 || justDrained || allDrained) this.propagateWatermarks();

    const interval = this.compiled.document.settings.checkpointIntervalMs;
    const due = interval > 0 && this.now - this.lastCheckpointAt >= interval;
    if (this.options.onCheckpoint && due && !allDrained) this.options.onCheckpoint(this.checkpoint());

    if (allDrained) {
      // A final barrier at end of input, as Flink takes for bounded jobs: committing sinks commit
      // the last results before close.
      const final = this.checkpoint();
      this.options.onCheckpoint?.(final);
      void this.end({ state: 'finished' });
      return 'finished';
    }
    return moved ? 'progress' : 'idle';
  }

  /**
   * The batch boundary: sources' watermarks, then every node in topological order takes the minimum
   * over its active inputs (idle ones excluded) and, when it advanced, hands it to the operator.
   */
  private propagateWatermarks(): void {
    const now = this.now;
    for (const exec of this.execs) {
      if (exec.type === 'source') {
        const src = exec.src;
        // Processing time: nothing older than the oldest pending event is still to come.
        // A source that knows its watermark (an exchange) supplies it once its pending events left.
        const own = src.source.watermark;
        const w = src.drained
          ? POS_INF
          : own
            ? src.pending.length > 0
              ? src.node.outWm
              : own.call(src.source)
            : src.pending.length > 0
              ? (src.pendingTimes[0] as number) - 1
              : now;
        if (w > src.node.outWm) src.node.outWm = w;
        continue;
      }
      const node = exec.node;
      let min = POS_INF;
      let active = 0;
      for (const e of node.inputEdges) {
        if (e.from.idle) continue;
        active++;
        if (e.from.outWm < min) min = e.from.outWm;
      }
      const inputIdle = node.inputEdges.length > 0 && active === 0;
      // Every input idle: nothing holds the watermark back any more, so it may reach the least of
      // what the inputs last announced (Flink's valve does the same when all channels go idle).
      if (inputIdle) for (const e of node.inputEdges) if (e.from.outWm < min) min = e.from.outWm;
      const advanced = min > node.inWm;
      if (advanced) node.inWm = min;
      switch (exec.type) {
        case 'operator': {
          const op = exec.operator;
          if (advanced || op.generatesWatermarks) {
            let w: number;
            this.progress?.enter(node.index);
            try {
              w = op.onWatermark(node.inWm);
            } catch (err) {
              throw NodeFailure.wrap(node, err);
            }
            this.progress?.leave();
            if (w > node.outWm) node.outWm = w;
          }
          node.idle = node.outWm !== POS_INF && (op.isIdle ? op.isIdle(now) : inputIdle);
          break;
        }
        case 'chain':
          for (const m of exec.chain.members) {
            m.inWm = node.inWm;
            if (node.inWm > m.outWm) m.outWm = node.inWm;
            m.idle = inputIdle;
          }
          break;
        case 'sink':
          if (advanced) {
            node.outWm = node.inWm;
            exec.sink.onWatermark?.(node.inWm);
          }
          break;
      }
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  start(): void {
    if (this.driver || this.state !== 'running') return;
    // After an idle step, wait no longer than a batch may wait nor than the watermark interval;
    // at least MIN_IDLE_DELAY_MS, so an idle ingest run does not spin on a shared CPU.
    const { maxDelayMs } = this.microBatch;
    const { watermarkIntervalMs } = this.compiled.document.settings;
    const idleDelay = Math.max(MIN_IDLE_DELAY_MS, Math.min(maxDelayMs, watermarkIntervalMs));
    this.driver = createDriver(() => this.step(), idleDelay);
    this.driver.start();
  }

  wake(): void {
    this.driver?.wake();
  }

  async stop(): Promise<void> {
    if (this.state === 'running') await this.end({ state: 'stopped' });
    await this.done;
  }

  onEnd(listener: (end: RunEnd) => void): void {
    this.endListeners.push(listener);
  }

  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    void this.end({ state: 'failed', error: message });
  }

  private async end(end: RunEnd): Promise<void> {
    if (this.state !== 'running') return;
    this.state = end.state === 'stopped' ? 'stopping' : end.state;
    this.error = end.error;
    this.driver?.stop();
    this.driver = null;
    for (const tap of this.openTaps) tap.flush();
    for (const exec of this.execs) {
      const id = exec.type === 'source' ? exec.src.node.id : exec.node.id;
      try {
        if (exec.type === 'sink') await exec.sink.close?.();
        else if (exec.type === 'source') exec.src.source.close?.();
      } catch (err) {
        this.error ??= `closing ${id}: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    if (end.state === 'stopped') this.state = 'stopped';
    const final: RunEnd = this.error ? { state: end.state, error: this.error } : { state: end.state };
    this.resolveDone(final);
    for (const l of this.endListeners) l(final);
  }

  // ---- observation ----------------------------------------------------------------------------

  metrics(): RunMetrics {
    const now = Math.max(this.clock(), this.now);
    const nodes: Record<string, NodeMetrics> = {};
    const sizes = new Map<NodeRuntime, { keys: number; openWindows: number }>();
    for (const exec of this.execs)
      if (exec.type === 'operator') sizes.set(exec.node, exec.operator.stateSize());
    for (const [id, n] of this.nodes) {
      const rate = this.rates.get(id) as { in: RateMeter; out: RateMeter };
      const size = sizes.get(n) ?? { keys: 0, openWindows: 0 };
      const wm = this.withoutEventTimeWatermark.has(n) ? NEG_INF : n.category === 'sink' ? n.inWm : n.outWm;
      nodes[id] = {
        in: n.in,
        out: n.out,
        errors: n.errors,
        late: n.late,
        dropped: n.dropped,
        watermark: wm === NEG_INF ? null : wm,
        inPerSec: rate.in.read(n.in, now),
        outPerSec: rate.out.read(n.out, now),
        stateKeys: size.keys,
        openWindows: size.openWindows,
        latencyP50Ms: n.latency.quantile(0.5),
        latencyP99Ms: n.latency.quantile(0.99),
      };
    }
    const edges: Record<string, number> = {};
    for (const [id, e] of this.edges) edges[id] = (this.edgeRates.get(id) as RateMeter).read(e.count, now);
    const metrics: RunMetrics = {
      run: this.runId,
      pipeline: this.compiled.document.name,
      state: this.state,
      startedAt: this.startedAt,
      timeMode: this.timeMode,
      nodes,
      edges,
    };
    if (this.error) metrics.error = this.error;
    return metrics;
  }

  inputWatermark(nodeId: string): number | null {
    const n = this.nodes.get(nodeId);
    if (!n || this.withoutEventTimeWatermark.has(n) || n.inWm === NEG_INF) return null;
    return n.inWm;
  }

  tap(edgeId: string, listener: BatchListener, options: TapOptions = {}): () => void {
    const edge = this.edges.get(edgeId);
    if (!edge) throw new Error(`no edge "${edgeId}"`);
    // An invalid filter throws ExpressionError here, to the caller that typed it.
    const filter = options.filter ? compilePredicate(options.filter) : undefined;
    const tap = new TapSampler(
      listener,
      Math.max(1, options.maxEventsPerSec ?? 20),
      this.now,
      filter,
      this.tapsOpened++,
    );
    edge.taps.push(tap);
    this.openTaps.add(tap);
    return () => {
      edge.taps = edge.taps.filter((t) => t !== tap);
      this.openTaps.delete(tap);
    };
  }

  watchOutput(nodeId: string, port: string, listener: BatchListener): () => void {
    return this.watch(nodeId, port, listener);
  }

  watchSink(nodeId: string, listener: BatchListener): () => void {
    return this.watch(nodeId, 'in', listener);
  }

  private watch(nodeId: string, port: string, listener: BatchListener): () => void {
    const node = this.nodes.get(nodeId);
    if (!node) throw new Error(`no node "${nodeId}"`);
    node.watchers.set(port, [...(node.watchers.get(port) ?? []), listener]);
    return () =>
      node.watchers.set(
        port,
        (node.watchers.get(port) ?? []).filter((l) => l !== listener),
      );
  }

  collected(): Record<string, Event[]> {
    const out: Record<string, Event[]> = {};
    for (const exec of this.execs)
      if (exec.type === 'sink' && exec.collecting) out[exec.node.id] = exec.collecting.events;
    return out;
  }

  // ---- checkpoints ----------------------------------------------------------------------------

  operatorState(nodeId: string): unknown {
    for (const exec of this.execs)
      if (exec.type === 'operator' && exec.node.id === nodeId) return exec.operator.snapshot();
    return undefined;
  }

  checkpoint(): RunSnapshot {
    const id = ++this.checkpointId;
    this.lastCheckpointAt = this.now;
    const snapshot: RunSnapshot = {
      format: 'eventide-snapshot',
      version: 1,
      checkpointId: id,
      takenAt: this.now,
      pipeline: this.compiled.document.name,
      sources: {},
      operators: {},
      sinks: {},
      watermarks: {},
    };
    for (const exec of this.execs) {
      if (exec.type === 'source') {
        const s = exec.src;
        const pending: SourceSnapshot['pending'] = { events: [...s.pending], times: [...s.pendingTimes] };
        // Splits are symbol-tagged, which JSON drops: keep them beside the pending events.
        const splits = s.pending.map((e) => splitOf(e) ?? null);
        if (splits.some((x) => x !== null)) pending.splits = splits;
        snapshot.sources[s.node.id] = { offset: s.source.offset(), ended: s.ended, pending };
      } else if (exec.type === 'operator') snapshot.operators[exec.node.id] = exec.operator.snapshot();
      else if (exec.type === 'sink') snapshot.sinks[exec.node.id] = exec.sink.onCheckpoint?.(id) ?? null;
    }
    for (const [nodeId, n] of this.nodes)
      snapshot.watermarks[nodeId] = { input: encodeWatermark(n.inWm), output: encodeWatermark(n.outWm) };
    // Plain JSON by contract: a round trip drops anything an operator returned by reference.
    return JSON.parse(JSON.stringify(snapshot)) as RunSnapshot;
  }

  private restore(snapshot: RunSnapshot): void {
    if (snapshot?.format !== 'eventide-snapshot' || snapshot.version !== 1)
      throw new Error('not an Eventide snapshot (format "eventide-snapshot", version 1)');
    this.checkpointId = snapshot.checkpointId;
    for (const exec of this.execs) {
      if (exec.type === 'source') {
        const s = exec.src;
        const saved = snapshot.sources[s.node.id];
        if (!saved) continue;
        s.source.restore(saved.offset);
        s.ended = saved.ended;
        s.pending = saved.pending.events.map((e, i) => {
          const split = saved.pending.splits?.[i];
          return typeof split === 'string' ? tagSplit({ ...e }, split) : e;
        });
        s.pendingTimes = [...saved.pending.times];
        s.drained = s.ended && s.pending.length === 0;
      } else if (exec.type === 'operator') {
        if (exec.node.id in snapshot.operators) exec.operator.restore(snapshot.operators[exec.node.id]);
      } else if (exec.type === 'sink') {
        if (exec.node.id in snapshot.sinks) exec.sink.restore?.(snapshot.sinks[exec.node.id]);
      }
    }
    for (const [nodeId, n] of this.nodes) {
      const w = snapshot.watermarks[nodeId];
      if (!w) continue;
      n.inWm = decodeWatermark(w.input);
      n.outWm = decodeWatermark(w.output);
    }
  }
}
