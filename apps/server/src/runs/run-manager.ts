import path from 'node:path';
import {
  carryOverSnapshot,
  createRun,
  InvalidPipelineError,
  type PipelineRun,
  type RunEnd,
} from '@eventide/engine';
import type {
  LiveTopic,
  PipelineDocument,
  RunInfo,
  RunMetrics,
  ServerMessage,
  ValidationIssue,
} from '@eventide/shared';
import { planStateCarryOver, type StateFate } from '@eventide/shared';
import { batchFedSinks } from '../host/batch-inputs.js';
import type { IngestSource } from '../host/ingest-source.js';
import { RunConnectors } from '../host/run-connectors.js';
import type { LiveHub, TopicResolver } from '../live/live-hub.js';
import { RecentResults } from '../live/recent-results.js';
import { channelTopic, metricsTopic, sinkTopic, tapTopic } from '../live/topics.js';
import { LatestOnlyWriter } from './checkpoint-writer.js';
import type { NodeCounts, RunRecord, RunStore, StoredCheckpoint } from './run-store.js';

export interface RunLog {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface RunManagerOptions {
  dataDir: string;
  store: RunStore;
  allowPrivateWebhooks: boolean;
  metricsIntervalMs: number;
  log: RunLog;
  /** Console sinks print here (the server's stdout by default). */
  print?: (line: string) => void;
  /** Ingest log segment size (tests shrink it); IngestLog's default otherwise. */
  ingestSegmentBytes?: number;
}

export class AlreadyRunning extends Error {
  constructor(readonly run: RunInfo) {
    super(`pipeline ${run.pipeline} is already running as ${run.id}`);
  }
}

/** The engine refused the document (a kind it lacks, an expression that does not compile, a file it cannot open). */
export class CannotStart extends Error {
  constructor(
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
  }
}

/** Per node: errors and drops counted by the server's connectors, added to the engine's metrics. */
type Counters = Map<string, { errors: number; dropped: number }>;

interface ActiveRun {
  info: RunInfo;
  document: PipelineDocument;
  engine: PipelineRun;
  connectors: RunConnectors;
  counters: Counters;
  checkpoints: LatestOnlyWriter<StoredCheckpoint>;
  /** Counters of the run before the checkpoint it resumed from (the engine counts from the restore on). */
  base: NodeCounts;
  metricsTimer: NodeJS.Timeout;
  taps: Map<string, () => void>;
  /** Server shutdown: the record stays "running" so the next start resumes the run. */
  detaching: boolean;
}

interface EndedRun {
  info: RunInfo;
  metrics: RunMetrics;
  document: PipelineDocument;
  recent: Map<string, RecentResults>;
}

const ENDED_RUNS_KEPT = 50;
/** A run shows its latest warnings only (a failing disk repeats the same one). */
const WARNINGS_KEPT = 10;
const CHANNEL_REPLAY = 100;

/**
 * Runs pipelines: several at once, one run per pipeline. Each run gets the server's connectors,
 * publishes sink results, metrics and taps to the live hub, and writes a checkpoint every
 * settings.checkpointIntervalMs; runs the server was running when it stopped resume from them.
 */
export class RunManager implements TopicResolver {
  private readonly active = new Map<string, ActiveRun>();
  private readonly ended = new Map<string, EndedRun>();
  private readonly channels = new Map<string, RecentResults>();
  private hub: LiveHub | undefined;

  constructor(private readonly opts: RunManagerOptions) {}

  attachHub(hub: LiveHub): void {
    this.hub = hub;
  }

  list(): RunInfo[] {
    return [
      ...[...this.active.values()].map((r) => r.info),
      ...[...this.ended.values()].map((r) => r.info),
    ].sort((a, b) => b.startedAt - a.startedAt);
  }

  get(runId: string): { run: RunInfo; metrics: RunMetrics } | undefined {
    for (const r of this.active.values())
      if (r.info.id === runId) return { run: { ...r.info }, metrics: this.metricsOf(r) };
    const e = this.ended.get(runId);
    return e && { run: { ...e.info }, metrics: e.metrics };
  }

  runningFor(pipelineId: string): RunInfo | undefined {
    const r = this.active.get(pipelineId);
    return r && { ...r.info };
  }

  /** The queue of an ingest node of a running pipeline. */
  /** The document the pipeline's active run runs, if it runs. */
  runningDocument(pipelineId: string): PipelineDocument | undefined {
    return this.active.get(pipelineId)?.document;
  }

  ingestQueue(pipelineId: string, nodeId: string, kind: string): IngestSource | undefined {
    const queue = this.active.get(pipelineId)?.connectors.ingest.get(nodeId);
    return queue?.kind === kind ? queue : undefined;
  }

  /** Starts a fresh run of a validated document. */
  async start(pipelineId: string, document: PipelineDocument): Promise<RunInfo> {
    const running = this.active.get(pipelineId);
    if (running) throw new AlreadyRunning({ ...running.info });
    const record = newRecord(pipelineId, document);
    const run = this.launch(record, undefined);
    try {
      // The first checkpoint holds the sinks' starting state: a crash before the next one restarts from it.
      await this.opts.store.discardCheckpoints(pipelineId);
      await this.opts.store.writeCheckpoint(pipelineId, record.id, this.checkpointOf(run));
      await this.opts.store.writeRecord(record);
    } catch (e) {
      // Without its durable record the run could not be resumed: refuse it rather than run unprotected.
      run.detaching = true;
      await run.engine.stop();
      await this.settled(run);
      throw new CannotStart(`cannot write the run's checkpoint: ${(e as Error).message}`);
    }
    run.engine.start();
    return { ...run.info };
  }

  /**
   * Applies a new version to the running pipeline (a Flink savepoint restored by operator uid): a
   * checkpoint of the run at a barrier, then the run stops before another step, then the new
   * version starts from that checkpoint with the state of every node the plan keeps and the
   * sources at their offsets. Undefined when the pipeline is not running.
   */
  async apply(
    pipelineId: string,
    document: PipelineDocument,
  ): Promise<{ run: RunInfo; plan: StateFate[] } | undefined> {
    const old = this.active.get(pipelineId);
    if (!old) return undefined;
    const plan = planStateCarryOver(old.document, document);
    // The checkpoint and the stop request in one turn: no step runs between them, so nothing the
    // sinks saw after the barrier is replayed, and nothing is skipped.
    const snapshot = old.engine.checkpoint();
    const stopped = old.engine.stop();
    await stopped;
    await old.engine.done;
    await this.settled(old);
    const record = newRecord(pipelineId, document);
    let run: ActiveRun;
    try {
      run = this.launch(record, { snapshot: carryOverSnapshot(snapshot, plan), counts: {} });
    } catch (e) {
      if (e instanceof CannotStart) throw e;
      throw new CannotStart(`cannot start the new version: ${e instanceof Error ? e.message : String(e)}`);
    }
    await this.opts.store.discardCheckpoints(pipelineId);
    await this.opts.store.writeCheckpoint(pipelineId, record.id, this.checkpointOf(run));
    await this.opts.store.writeRecord(record);
    run.engine.start();
    return { run: { ...run.info }, plan };
  }

  async stop(pipelineId: string): Promise<RunInfo | undefined> {
    const run = this.active.get(pipelineId);
    if (!run) return undefined;
    run.info.state = 'stopping';
    this.publishState(run);
    await run.engine.stop();
    await run.engine.done;
    await this.settled(run);
    return { ...(this.ended.get(run.info.id)?.info ?? run.info) };
  }

  /** Lists the runs that ended before the server started (their results are gone, their metrics kept). */
  async loadHistory(): Promise<void> {
    for (const r of await this.opts.store.ended()) {
      if (this.ended.has(r.id) || !r.metrics) continue;
      const info: RunInfo = { id: r.id, pipeline: r.pipeline, state: r.state, startedAt: r.startedAt };
      if (r.endedAt !== undefined) info.endedAt = r.endedAt;
      if (r.error !== undefined) info.error = r.error;
      if (r.warnings?.length) info.warnings = r.warnings;
      this.ended.set(r.id, { info, metrics: r.metrics, document: r.document, recent: new Map() });
    }
  }

  /**
   * Resumes every run that was running when the server last stopped, from its newest intact
   * checkpoint; damaged newer ones become warnings of the run.
   */
  async resumeInterrupted(): Promise<RunInfo[]> {
    const resumed: RunInfo[] = [];
    for (const record of await this.opts.store.interrupted()) {
      if (this.active.has(record.pipeline)) continue;
      try {
        const { checkpoint, warnings } = await this.opts.store.loadCheckpoint(record.pipeline, record.id);
        for (const w of warnings) this.opts.log.warn(`run ${record.id}: ${w}`);
        // Starting over would repeat the file sinks' output and drop the ingest logs: refuse instead.
        if (!checkpoint)
          throw new Error(
            `no intact checkpoint to resume from${warnings.length ? ` (${warnings.join('; ')})` : ''}`,
          );
        const all = [...(record.warnings ?? []), ...warnings].slice(-WARNINGS_KEPT);
        const resumedRecord: RunRecord = {
          ...record,
          state: 'running',
          ...(all.length ? { warnings: all } : {}),
        };
        if (warnings.length) await this.opts.store.writeRecord(resumedRecord);
        const run = this.launch(resumedRecord, checkpoint);
        run.engine.start();
        resumed.push({ ...run.info });
        this.opts.log.info(
          `resumed run ${record.id} of ${record.pipeline} from checkpoint ${checkpoint.seq}`,
        );
      } catch (e) {
        const message = (e as Error).message;
        this.opts.log.error(`cannot resume run ${record.id}: ${message}`);
        await this.opts.store.writeRecord({
          ...record,
          state: 'failed',
          endedAt: Date.now(),
          error: message,
        });
      }
    }
    return resumed;
  }

  /**
   * Server shutdown: takes a last checkpoint of every run and stops it without marking it stopped,
   * so that the next start resumes it where it was.
   */
  async shutdown(): Promise<void> {
    await Promise.all(
      [...this.active.values()].map(async (run) => {
        run.detaching = true;
        try {
          run.checkpoints.push(this.checkpointOf(run));
        } catch (e) {
          this.opts.log.warn(`last checkpoint of ${run.info.id} failed: ${(e as Error).message}`);
        }
        await run.checkpoints.flushed();
        await run.engine.stop();
        await run.engine.done;
        await this.settled(run);
      }),
    );
  }

  onSubscribe(topic: LiveTopic, sub: string): { error: string } | { initial: ServerMessage[] } {
    if (topic.kind === 'channel') {
      const latest = this.channels.get(topic.channel)?.latest() ?? [];
      return {
        initial: latest.length ? [{ type: 'channel', sub, channel: topic.channel, events: latest }] : [],
      };
    }
    const active = [...this.active.values()].find((r) => r.info.id === topic.run);
    const ended = this.ended.get(topic.run);
    if (!active && !ended) return { error: `no run "${topic.run}"` };
    const info = (active ?? ended)!.info;
    const document = (active ?? ended)!.document;
    const state = runStateMessage(info, sub);
    switch (topic.kind) {
      case 'metrics':
        return {
          initial: [
            { type: 'metrics', sub, metrics: active ? this.metricsOf(active) : ended!.metrics },
            state,
          ],
        };
      case 'sink': {
        const recent = (active?.connectors.recent ?? ended?.recent)?.get(topic.node);
        const isSink = document.nodes.some((n) => n.id === topic.node && n.kind.startsWith('sink.'));
        if (!recent && !isSink) return { error: `run "${topic.run}" has no sink node "${topic.node}"` };
        return {
          initial: [
            // A run ended before this server started has no results left to replay.
            {
              type: 'result',
              sub,
              run: info.id,
              node: topic.node,
              events: recent?.latest() ?? [],
              replay: true,
            },
            state,
          ],
        };
      }
      case 'tap': {
        if (!document.edges.some((e) => e.id === topic.edge))
          return { error: `run "${topic.run}" has no edge "${topic.edge}"` };
        if (active) this.ensureTap(active, topic.edge);
        return { initial: [state] };
      }
    }
  }

  /** A checkpoint of the run with its counters at the barrier. */
  private checkpointOf(run: ActiveRun, snapshot = run.engine.checkpoint()): StoredCheckpoint {
    const counts: NodeCounts = {};
    for (const [id, n] of Object.entries(this.metricsOf(run).nodes))
      counts[id] = { in: n.in, out: n.out, errors: n.errors, late: n.late, dropped: n.dropped };
    return { snapshot, counts };
  }

  private launch(record: RunRecord, checkpoint: StoredCheckpoint | undefined): ActiveRun {
    const restoreFrom = checkpoint?.snapshot;
    const counters: Counters = new Map();
    const count = (node: string) => {
      const c = counters.get(node) ?? { errors: 0, dropped: 0 };
      counters.set(node, c);
      return c;
    };
    const runId = record.id;
    const connectors = new RunConnectors({
      baseDir: this.opts.dataDir,
      confine: true,
      batchFed: batchFedSinks(record.document),
      ingestLogDir: path.join(this.opts.store.dir, record.pipeline, 'ingest'),
      limits: record.document.settings.limits,
      resuming: restoreFrom !== undefined,
      ...(this.opts.ingestSegmentBytes ? { ingestSegmentBytes: this.opts.ingestSegmentBytes } : {}),
      allowPrivateWebhooks: this.opts.allowPrivateWebhooks,
      publishSink: (node, events) =>
        this.hub?.publish(sinkTopic(runId, node), (sub) => ({
          type: 'result',
          sub,
          run: runId,
          node,
          events,
        })),
      publishChannel: (channel, events) => this.publishChannel(channel, events),
      print: this.opts.print ?? ((line) => process.stdout.write(`${line}\n`)),
      countError: (node, reason) => {
        count(node).errors++;
        this.opts.log.warn(`run ${runId} node ${node}: ${reason}`);
      },
      countDropped: (node, n, reason) => {
        count(node).dropped += n;
        this.opts.log.warn(`run ${runId} node ${node}: dropped ${n}: ${reason}`);
      },
    });
    const checkpoints = new LatestOnlyWriter<StoredCheckpoint>(
      async (c) => {
        const { oldestKept } = await this.opts.store.writeCheckpoint(record.pipeline, runId, c);
        // Only what no kept checkpoint needs may leave the ingest logs: a resume may fall back to the oldest.
        for (const [node, source] of connectors.ingest) source.checkpointed(oldestKept[node]);
      },
      (e) => {
        this.opts.log.error(`checkpoint of ${runId} not written: ${e.message}`);
        // The code (ENOSPC, EIO) and not the message, which names a temp file: repeats stay one warning.
        const reason = 'code' in e && typeof e.code === 'string' ? e.code : e.message;
        this.warn(
          run,
          `a checkpoint could not be written (${reason}): a restart resumes from an earlier one`,
        );
      },
    );
    let engine: PipelineRun;
    try {
      engine = createRun(record.document, {
        runId,
        sources: connectors.sources,
        sinkFor: connectors.sinkFor,
        ...(restoreFrom ? { restoreFrom } : {}),
        // Called inside a step, after `run` below exists.
        onCheckpoint: (snapshot) => checkpoints.push(this.checkpointOf(run, snapshot)),
      });
    } catch (e) {
      throw new CannotStart((e as Error).message, e instanceof InvalidPipelineError ? e.issues : []);
    }
    const run: ActiveRun = {
      info: {
        id: runId,
        pipeline: record.pipeline,
        state: 'running',
        startedAt: record.startedAt,
        ...(record.warnings?.length ? { warnings: [...record.warnings] } : {}),
      },
      document: record.document,
      engine,
      connectors,
      counters,
      checkpoints,
      base: checkpoint?.counts ?? {},
      metricsTimer: setInterval(() => this.pushMetrics(run), this.opts.metricsIntervalMs),
      taps: new Map(),
      detaching: false,
    };
    run.metricsTimer.unref();
    this.active.set(record.pipeline, run);
    engine.onEnd((end) => void this.onEnd(run, end));
    return run;
  }

  private settling = new Map<ActiveRun, Promise<void>>();

  private onEnd(run: ActiveRun, end: RunEnd): Promise<void> {
    let p = this.settling.get(run);
    if (p) return p;
    p = (async () => {
      clearInterval(run.metricsTimer);
      for (const off of run.taps.values()) off();
      run.info.state = end.state;
      run.info.endedAt = Date.now();
      if (end.error) run.info.error = end.error;
      const metrics = this.metricsOf(run);
      this.active.delete(run.info.pipeline);
      this.ended.set(run.info.id, {
        info: run.info,
        metrics,
        document: run.document,
        recent: run.connectors.recent,
      });
      while (this.ended.size > ENDED_RUNS_KEPT) this.ended.delete(this.ended.keys().next().value!);
      this.pushMetrics(run, metrics);
      this.publishState(run);
      if (end.state === 'failed')
        this.opts.log.error(`run ${run.info.id} failed: ${end.error ?? 'unknown error'}`);
      await run.checkpoints.flushed();
      if (!run.detaching)
        await this.opts.store
          .writeRecord({ ...run.info, document: run.document, metrics })
          .catch((e: Error) => this.opts.log.error(`run record of ${run.info.id} not written: ${e.message}`));
    })();
    this.settling.set(run, p);
    return p;
  }

  private async settled(run: ActiveRun): Promise<void> {
    const end = await run.engine.done;
    await this.onEnd(run, end);
    this.settling.delete(run);
  }

  private metricsOf(run: ActiveRun): RunMetrics {
    const m = run.engine.metrics();
    const nodes = { ...m.nodes };
    for (const [node, c] of run.counters) {
      const n = nodes[node];
      if (n) nodes[node] = { ...n, errors: n.errors + c.errors, dropped: n.dropped + c.dropped };
    }
    for (const [node, b] of Object.entries(run.base)) {
      const n = nodes[node];
      if (n)
        nodes[node] = {
          ...n,
          in: n.in + b.in,
          out: n.out + b.out,
          errors: n.errors + b.errors,
          late: n.late + b.late,
          dropped: n.dropped + b.dropped,
        };
    }
    return {
      ...m,
      run: run.info.id,
      pipeline: run.info.pipeline,
      state: run.info.state,
      startedAt: run.info.startedAt,
      nodes,
      ...(run.info.error ? { error: run.info.error } : {}),
    };
  }

  private pushMetrics(run: ActiveRun, metrics?: RunMetrics): void {
    const topic = metricsTopic(run.info.id);
    if (!this.hub?.hasSubscribers(topic)) return;
    const m = metrics ?? this.metricsOf(run);
    this.hub.publish(topic, (sub) => ({ type: 'metrics', sub, metrics: m }));
  }

  private publishState(run: ActiveRun): void {
    const hub = this.hub;
    if (!hub) return;
    const id = run.info.id;
    const msg = (sub: string): ServerMessage => runStateMessage(run.info, sub);
    hub.publish(metricsTopic(id), msg);
    for (const node of run.connectors.recent.keys()) hub.publish(sinkTopic(id, node), msg);
    for (const edge of run.document.edges) hub.publish(tapTopic(id, edge.id), msg);
  }

  /** Something the run survived but the user should know: logged, kept in the run's state, pushed. */
  private warn(run: ActiveRun, warning: string): void {
    this.opts.log.warn(`run ${run.info.id}: ${warning}`);
    const warnings = run.info.warnings ?? [];
    if (warnings.includes(warning)) return;
    run.info.warnings = [...warnings, warning].slice(-WARNINGS_KEPT);
    this.publishState(run);
  }

  private publishChannel(channel: string, events: unknown[]): void {
    const recent = this.channels.get(channel) ?? new RecentResults(CHANNEL_REPLAY);
    this.channels.set(channel, recent);
    recent.add(events);
    this.hub?.publish(channelTopic(channel), (sub) => ({ type: 'channel', sub, channel, events }));
  }

  private ensureTap(run: ActiveRun, edge: string): void {
    if (run.taps.has(edge)) return;
    const topic = tapTopic(run.info.id, edge);
    try {
      const off = run.engine.tap(edge, (events) =>
        this.hub?.publish(topic, (sub) => ({ type: 'tap', sub, run: run.info.id, edge, events })),
      );
      run.taps.set(edge, off);
    } catch (e) {
      this.opts.log.warn(`tap of ${edge} in ${run.info.id}: ${(e as Error).message}`);
    }
  }
}

function runStateMessage(info: RunInfo, sub: string): ServerMessage {
  return {
    type: 'run-state',
    sub,
    run: info.id,
    state: info.state,
    ...(info.error ? { error: info.error } : {}),
    ...(info.warnings?.length ? { warnings: [...info.warnings] } : {}),
  };
}

/** The record of a run starting now. */
function newRecord(pipelineId: string, document: PipelineDocument): RunRecord {
  const startedAt = Date.now();
  return {
    id: `${pipelineId}-${startedAt.toString(36)}`,
    pipeline: pipelineId,
    state: 'running',
    startedAt,
    document,
  };
}
