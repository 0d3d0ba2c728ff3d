import { availableParallelism } from 'node:os';
import path from 'node:path';
import { carryOverSnapshot, isParallelSnapshot, resolveParallelism } from '@eventide/engine';
import type {
  LiveCepState,
  LiveTopic,
  PipelineDocument,
  RunInfo,
  RunMetrics,
  ServerMessage,
  ValidationIssue,
} from '@eventide/shared';
import { planStateCarryOver, type StateFate, tapFilterProblem, validateDocument } from '@eventide/shared';
import { secretIssues, secretSources } from '../connectors/secrets.js';
import { type IngestTarget, ingestCapacity } from '../host/ingest-source.js';
import type { LiveHub, TopicResolver } from '../live/live-hub.js';
import { RecentResults, replayLimit } from '../live/recent-results.js';
import { channelTopic, metricsTopic, sinkTopic, tapTopic } from '../live/topics.js';
import { parallelPlanOf, stateProblem, tapProblem } from '../parallel/run-once.js';
import { LatestOnlyWriter } from './checkpoint-writer.js';
import type { RunRecord, RunStore, StoredCheckpoint } from './run-store.js';
import { RunThread, type RunThreadHandlers, type ThreadEnd, WorkerRefused } from './run-thread.js';
import { StallWatchdog, stallMessage } from './stall-watchdog.js';
import { runWorkers } from './worker-spawner.js';

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

/** No run to resume: unknown (404), or without a checkpoint (409). */
export class NotResumable extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409,
  ) {
    super(message);
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

interface ActiveRun {
  info: RunInfo;
  document: PipelineDocument;
  thread: RunThread;
  watchdog: StallWatchdog;
  checkpoints: LatestOnlyWriter<StoredCheckpoint>;
  /** Latest results per sink node, replayed to clients that subscribe later. */
  recent: Map<string, RecentResults>;
  /** The worker's latest metrics. */
  metrics: RunMetrics;
  /** Taps the worker samples, by topic key (edge and filter). */
  taps: Set<string>;
  /** Sink nodes whose every batch the worker sends, because a live client subscribed (SinkRelay). */
  watched: Set<string>;
  /** The worker was told to start: from here on its end is the run's end. */
  started: boolean;
  /** Server shutdown: the record stays "running" so the next start resumes the run. */
  detaching: boolean;
}

interface EndedRun {
  info: RunInfo;
  metrics: RunMetrics;
  document: PipelineDocument;
  recent: Map<string, RecentResults>;
}

/** An ingest node of a running pipeline; its queue lives in the run's worker. */

const ENDED_RUNS_KEPT = 50;
/** Taps one run samples at once (each tests every event on its edge): filters typed stay bounded. */
export const MAX_TAPS_PER_RUN = 32;
/** A run shows its latest warnings only (a failing disk repeats the same one). */
const WARNINGS_KEPT = 10;
const CHANNEL_REPLAY = 100;
/** Stop waits this long for a run's worker to end the run before terminating it. */
export const STOP_GRACE_MS = 2000;
/** An ingest offer waits this long for the run's worker (it yields every few ms unless stalled). */
const OFFER_TIMEOUT_MS = 5000;

/**
 * Runs pipelines: several at once, one run per pipeline, each in its own worker thread (RunThread)
 * so that the API, /api/live and Stop stay responsive whatever a pipeline does. The main thread
 * keeps the records, writes the checkpoints the workers send (every settings.checkpointIntervalMs),
 * publishes results, metrics and taps to the live hub, and fails a run whose operator holds one
 * batch longer than settings.stallTimeoutMs. Runs the server was running when it stopped resume
 * from their last checkpoint.
 */
export class RunManager implements TopicResolver {
  private readonly active = new Map<string, ActiveRun>();
  private readonly ended = new Map<string, EndedRun>();
  private readonly channels = new Map<string, RecentResults>();
  private hub: LiveHub | undefined;

  constructor(private readonly opts: RunManagerOptions) {}

  /** Boots a spare run worker, so that the first start is as quick as the next ones. */
  prewarm(): void {
    runWorkers.prewarm();
  }

  attachHub(hub: LiveHub): void {
    this.hub = hub;
  }

  list(): RunInfo[] {
    return [
      ...[...this.active.values()].map((r) => r.info),
      ...[...this.ended.values()].map((r) => r.info),
    ].sort((a, b) => b.startedAt - a.startedAt);
  }

  /** A run and its metrics as the worker last reported them (every metricsIntervalMs). */
  get(runId: string): { run: RunInfo; metrics: RunMetrics } | undefined {
    const r = this.activeRun(runId);
    if (r) return { run: { ...r.info }, metrics: this.metricsOf(r) };
    const e = this.ended.get(runId);
    return e && { run: { ...e.info }, metrics: e.metrics };
  }

  /**
   * A pattern node's partial matches in a running run, read by its worker between two steps
   * (bounded: see cepStateView); otherwise why not, as an API error code and message.
   */
  async cepState(
    runId: string,
    nodeId: string,
  ): Promise<
    | { state: LiveCepState }
    | { error: 'not-found' | 'not-running' | 'bad-request' | 'unavailable'; message: string }
  > {
    const known = this.activeRun(runId) ?? this.ended.get(runId);
    if (!known) return { error: 'not-found', message: `no run "${runId}"` };
    const node = known.document.nodes.find((n) => n.id === nodeId);
    if (!node) return { error: 'not-found', message: `run "${runId}" has no node "${nodeId}"` };
    if (node.kind !== 'cep.pattern')
      return { error: 'bad-request', message: `node "${nodeId}" is a ${node.kind}, not a cep.pattern node` };
    const active = this.activeRun(runId);
    if (!active?.started)
      return { error: 'not-running', message: `run "${runId}" is not running: its partial matches are gone` };
    const plan = parallelPlanOf(active.document, availableParallelism());
    const spread = plan && stateProblem(plan, nodeId);
    if (spread) return { error: 'bad-request', message: spread };
    try {
      return { state: await active.thread.request({ what: 'cep-state', node: nodeId }, 2000) };
    } catch (e) {
      return { error: 'unavailable', message: `run "${runId}" did not answer: ${(e as Error).message}` };
    }
  }

  /** Like get(), with the metrics of a running run fresh from its worker (the last ones if it does not answer soon). */
  async current(runId: string): Promise<{ run: RunInfo; metrics: RunMetrics } | undefined> {
    const r = this.activeRun(runId);
    if (r?.started)
      try {
        r.metrics = await r.thread.request({ what: 'metrics' }, 1000);
      } catch {
        // Stalled, or ended meanwhile: what is known is the answer.
      }
    return this.get(runId);
  }

  runningFor(pipelineId: string): RunInfo | undefined {
    const r = this.active.get(pipelineId);
    return r && { ...r.info };
  }

  /** An ingest node of a running pipeline, if it has one of this kind. */
  ingestQueue(pipelineId: string, nodeId: string, kind: string): IngestTarget | undefined {
    const run = this.active.get(pipelineId);
    const node = run?.document.nodes.find((n) => n.id === nodeId);
    if (!run?.started || node?.kind !== kind) return undefined;
    return {
      capacity: ingestCapacity(node.params),
      limits: run.document.settings.limits,
      offer: (events) =>
        run.thread
          .request({ what: 'offer', node: nodeId, events }, OFFER_TIMEOUT_MS)
          .catch((e: Error) => ({ unavailable: `the run cannot take events now: ${e.message}` })),
    };
  }

  /** Starts a fresh run of a validated document. */
  async start(pipelineId: string, document: PipelineDocument): Promise<RunInfo> {
    const running = this.active.get(pipelineId);
    if (running) throw new AlreadyRunning({ ...running.info });
    const record = newRecord(pipelineId, document);
    const run = this.launch(record, undefined);
    await this.begin(run, record, await this.ready(run));
    return { ...run.info };
  }

  /**
   * Resumes an ended run (failed, stalled, or stopped by terminating its worker) from its last
   * checkpoint, under the same run id, with the document it ran.
   */
  async resume(runId: string): Promise<RunInfo> {
    const records = [...(await this.opts.store.interrupted()), ...(await this.opts.store.ended())];
    const record = records.find((r) => r.id === runId);
    if (!record) throw new NotResumable(`no run "${runId}" with a record to resume`, 404);
    const running = this.active.get(record.pipeline);
    if (running) throw new AlreadyRunning({ ...running.info });
    const { checkpoint, warnings } = await this.opts.store.loadCheckpoint(record.pipeline, runId);
    for (const w of warnings) this.opts.log.warn(`run ${runId}: ${w}`);
    if (!checkpoint)
      throw new NotResumable(
        `run "${runId}" has no intact checkpoint to resume from (a newer run of the pipeline replaced it${warnings.length ? `, or ${warnings.join('; ')}` : ''})`,
        409,
      );
    const { error: _error, endedAt: _endedAt, metrics: _metrics, ...rest } = record;
    const all = [...(record.warnings ?? []), ...warnings].slice(-WARNINGS_KEPT);
    const resumed: RunRecord = { ...rest, state: 'running', ...(all.length ? { warnings: all } : {}) };
    this.ended.delete(runId);
    const run = this.launch(resumed, checkpoint);
    await this.ready(run);
    await this.opts.store.writeRecord(resumed);
    this.go(run);
    this.opts.log.info(`resumed run ${runId} from checkpoint ${checkpoint.seq}`);
    return { ...run.info };
  }

  /**
   * Stops a run. Its worker gets STOP_GRACE_MS to end it; one that does not (an operator blocks
   * it) is terminated, and the run's record stays "running" so it resumes from its last
   * checkpoint on the next start, as after a crash.
   */
  /** The document the pipeline's active run runs, if it runs. */
  runningDocument(pipelineId: string): PipelineDocument | undefined {
    return this.active.get(pipelineId)?.document;
  }

  /**
   * Applies a new version to the running pipeline (a Flink savepoint restored by operator uid): a
   * checkpoint of the run, then the run stops, then the new version starts from that checkpoint
   * with the state of every node the plan keeps and the sources at their offsets. Undefined when
   * the pipeline is not running.
   */
  async apply(
    pipelineId: string,
    document: PipelineDocument,
  ): Promise<{ run: RunInfo; plan: StateFate[] } | undefined> {
    const old = this.active.get(pipelineId);
    if (!old) return undefined;
    const refused = this.applyIssue(old.document, document);
    if (refused) throw new CannotStart(refused.message, [refused]);
    const plan = planStateCarryOver(old.document, document);
    // Checkpoint and stop in one turn of the worker: nothing the sinks saw after the barrier is
    // replayed by the new version, and nothing is skipped.
    const checkpoint: StoredCheckpoint = await old.thread.request(
      { what: 'checkpoint-and-stop' },
      STOP_GRACE_MS,
    );
    await this.stop(pipelineId);
    if (isParallelSnapshot(checkpoint.snapshot))
      throw new CannotStart('a parallel run cannot take a new version while running');
    const carried: StoredCheckpoint = {
      ...checkpoint,
      snapshot: carryOverSnapshot(checkpoint.snapshot, plan),
    };
    const record = newRecord(pipelineId, document);
    const run = this.launch(record, carried);
    await this.ready(run);
    await this.begin(run, record, carried);
    return { run: { ...run.info }, plan };
  }

  /**
   * Why a new version cannot be applied to the running one, if it cannot: the state of a parallel
   * run (settings.parallelism > 1) is split over its instances, and carrying it over is not written.
   */
  applyIssue(running: PipelineDocument, next: PipelineDocument): ValidationIssue | undefined {
    const cores = availableParallelism();
    const before = resolveParallelism(running, cores);
    const after = resolveParallelism(next, cores);
    if (before === 1 && after === 1) return undefined;
    return {
      severity: 'error',
      path: 'settings.parallelism',
      message: `a new version cannot be applied to a run with parallelism ${Math.max(before, after)} yet (its keyed state is split over its instances): stop the run, then start the new version`,
    };
  }

  /**
   * A new run of the pipeline becomes durable, then steps: the previous runs' checkpoints go, the
   * first one (the sinks' starting state, or the state carried over) and the record are written.
   * Without them the run could not be resumed: it is refused rather than run unprotected.
   */
  private async begin(run: ActiveRun, record: RunRecord, first: StoredCheckpoint | undefined): Promise<void> {
    try {
      await this.opts.store.discardCheckpoints(record.pipeline);
      if (first) {
        const { oldestKept } = await this.opts.store.writeCheckpoint(record.pipeline, record.id, first);
        // Committing sinks (PostgreSQL, Kafka) write what this checkpoint covers once it is on disk.
        run.thread.checkpointed(oldestKept, first.snapshot);
      }
      await this.opts.store.writeRecord(record);
    } catch (e) {
      run.thread.kill({ state: 'failed', error: 'not started', resumeOnNextStart: false });
      await this.settled(run);
      throw new CannotStart(`cannot write the run's checkpoint: ${(e as Error).message}`);
    }
    this.go(run);
  }

  async stop(pipelineId: string): Promise<RunInfo | undefined> {
    const run = this.active.get(pipelineId);
    if (!run) return undefined;
    run.info.state = 'stopping';
    this.publishState(run);
    await run.thread.stop(STOP_GRACE_MS);
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
        const initial = await this.ready(run);
        if (initial) {
          const { oldestKept } = await this.opts.store.writeCheckpoint(record.pipeline, record.id, initial);
          run.thread.checkpointed(oldestKept, initial.snapshot);
        }
        this.go(run);
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
          run.checkpoints.push(await run.thread.request({ what: 'checkpoint' }, STOP_GRACE_MS));
        } catch (e) {
          this.opts.log.warn(`last checkpoint of ${run.info.id} failed: ${(e as Error).message}`);
        }
        await run.checkpoints.flushed();
        await run.thread.stop(STOP_GRACE_MS);
        await this.settled(run);
      }),
    );
  }

  onSubscribe(
    topic: LiveTopic,
    sub: string,
  ): { error: string; code?: string } | { initial: ServerMessage[] } {
    if (topic.kind === 'channel') {
      const latest = this.channels.get(topic.channel)?.latest() ?? [];
      return {
        initial: latest.length ? [{ type: 'channel', sub, channel: topic.channel, events: latest }] : [],
      };
    }
    const active = this.activeRun(topic.run);
    const ended = this.ended.get(topic.run);
    const known = active ?? ended;
    if (!known) return { error: `no run "${topic.run}"` };
    const { info, document } = known;
    const state = runStateMessage(info, sub);
    switch (topic.kind) {
      case 'metrics':
        return {
          initial: [
            { type: 'metrics', sub, metrics: active ? this.metricsOf(active) : known.metrics },
            state,
          ],
        };
      case 'sink': {
        const recent = known.recent.get(topic.node);
        const isSink = document.nodes.some((n) => n.id === topic.node && n.kind.startsWith('sink.'));
        if (!recent && !isSink) return { error: `run "${topic.run}" has no sink node "${topic.node}"` };
        if (active && !active.watched.has(topic.node)) {
          active.watched.add(topic.node);
          active.thread.watch(topic.node, true);
        }
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
        const filter = topic.filter?.trim() ?? '';
        const parallel = parallelTapProblem(document, topic.edge);
        if (parallel) return { code: 'not-supported', error: parallel };
        const problem = filter ? tapFilterProblem(validateDocument(document), topic.edge, filter) : null;
        if (problem) return { code: 'bad-filter', error: `tap filter on edge ${topic.edge}: ${problem}` };
        const key = tapTopic(topic.run, topic.edge, filter);
        if (active && !active.taps.has(key)) {
          if (active.taps.size >= MAX_TAPS_PER_RUN)
            return {
              code: 'too-many-taps',
              error: `run "${topic.run}" already samples ${MAX_TAPS_PER_RUN} taps; close one first`,
            };
          active.taps.add(key);
          active.thread.tap(topic.edge, filter);
        }
        return { initial: [state] };
      }
    }
  }

  onIdle(topic: LiveTopic): void {
    if (topic.kind !== 'tap') return;
    const active = this.activeRun(topic.run);
    const filter = topic.filter?.trim() ?? '';
    // Filtered taps come and go as a filter is typed: nobody reads this one now, so it stops.
    if (!active || !filter || !active.taps.delete(tapTopic(topic.run, topic.edge, filter))) return;
    active.thread.tap(topic.edge, filter, false);
  }

  private activeRun(runId: string): ActiveRun | undefined {
    for (const r of this.active.values()) if (r.info.id === runId) return r;
    return undefined;
  }

  /** Spawns the run's worker; the run counts as active (its pipeline busy) from here on. */
  private launch(record: RunRecord, checkpoint: StoredCheckpoint | undefined): ActiveRun {
    // Secrets resolve on the server when the run starts: say which variable is missing where.
    const missing = secretIssues(record.document, secretSources(this.opts.dataDir));
    if (missing.length > 0)
      throw new CannotStart(
        missing.map((i) => `node ${i.node}: params.${i.path}: ${i.message}`).join('; '),
        missing,
      );
    const runId = record.id;
    const recent = new Map<string, RecentResults>();
    for (const node of record.document.nodes)
      if (node.kind.startsWith('sink.')) {
        const { limit, category } = replayLimit(node);
        recent.set(node.id, new RecentResults(limit, category));
      }
    const thread = new RunThread(
      runWorkers.take(),
      {
        runId,
        pipeline: record.pipeline,
        startedAt: record.startedAt,
        document: record.document,
        ...(checkpoint ? { restore: checkpoint } : {}),
        dataDir: this.opts.dataDir,
        ingestLogDir: path.join(this.opts.store.dir, record.pipeline, 'ingest'),
        allowPrivateWebhooks: this.opts.allowPrivateWebhooks,
        metricsIntervalMs: this.opts.metricsIntervalMs,
        ...(this.opts.ingestSegmentBytes ? { ingestSegmentBytes: this.opts.ingestSegmentBytes } : {}),
      },
      {
        onItem: (item) => this.onItem(run, item),
        onEnd: (end) => void this.onEnd(run, end),
      },
    );
    const checkpoints = new LatestOnlyWriter<StoredCheckpoint>(
      async (c) => {
        const { oldestKept } = await this.opts.store.writeCheckpoint(record.pipeline, runId, c);
        // Only what no kept checkpoint needs may leave the ingest logs: a resume may fall back to the oldest.
        thread.checkpointed(oldestKept, c.snapshot);
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
    const run: ActiveRun = {
      info: {
        id: runId,
        pipeline: record.pipeline,
        state: 'running',
        startedAt: record.startedAt,
        ...(record.warnings?.length ? { warnings: [...record.warnings] } : {}),
      },
      document: record.document,
      thread,
      watchdog: new StallWatchdog(thread.progress, record.document.settings.stallTimeoutMs),
      checkpoints,
      recent,
      metrics: emptyMetrics(runId, record),
      taps: new Set(),
      watched: new Set(),
      started: false,
      detaching: false,
    };
    this.active.set(record.pipeline, run);
    return run;
  }

  /** Waits for the worker to compile the document; a refusal frees the pipeline and says why. */
  private async ready(run: ActiveRun): Promise<StoredCheckpoint | undefined> {
    try {
      const initial = await run.thread.ready();
      runWorkers.prewarm();
      return initial;
    } catch (e) {
      await run.thread.done;
      throw new CannotStart((e as Error).message, e instanceof WorkerRefused ? e.issues : []);
    }
  }

  /** The run's durable state is written: its worker starts stepping, watched for stalls. */
  private go(run: ActiveRun): void {
    run.started = true;
    run.thread.start();
    run.watchdog.watch((stall) => {
      const node = run.document.nodes[stall.nodeIndex]?.id ?? `#${stall.nodeIndex}`;
      run.thread.kill({
        state: 'failed',
        error: stallMessage(node, stall, run.watchdog.limitMs),
        resumeOnNextStart: false,
      });
    });
  }

  private onItem(run: ActiveRun, item: Parameters<RunThreadHandlers['onItem']>[0]): void {
    const runId = run.info.id;
    switch (item.t) {
      case 'sink':
        run.recent.get(item.node)?.add(item.events);
        this.hub?.publish(sinkTopic(runId, item.node), (sub) => ({
          type: 'result',
          sub,
          run: runId,
          node: item.node,
          events: item.events,
        }));
        return;
      case 'channel':
        this.publishChannel(item.channel, item.events);
        return;
      case 'print':
        (this.opts.print ?? ((line) => process.stdout.write(`${line}\n`)))(item.line);
        return;
      case 'log':
        this.opts.log[item.level](item.message);
        return;
      case 'tap':
        this.hub?.publish(tapTopic(runId, item.edge, item.filter), (sub) => ({
          type: 'tap',
          sub,
          run: runId,
          edge: item.edge,
          events: item.events,
        }));
        return;
      case 'metrics':
        run.metrics = item.metrics;
        this.pushMetrics(run);
        this.unwatchIdleSinks(run);
        return;
      case 'checkpoint':
        run.checkpoints.push(item.checkpoint);
        return;
    }
  }

  private settling = new Map<ActiveRun, Promise<void>>();

  private onEnd(run: ActiveRun, end: ThreadEnd): Promise<void> {
    let p = this.settling.get(run);
    if (p) return p;
    p = (async () => {
      run.watchdog.stop();
      if (this.active.get(run.info.pipeline) === run) this.active.delete(run.info.pipeline);
      // A worker that never started (refused, or its record not written) leaves no run behind.
      if (!run.started) return;
      run.info.state = end.state;
      run.info.endedAt = Date.now();
      if (end.error) run.info.error = end.error;
      if (end.metrics) run.metrics = end.metrics;
      const metrics = this.metricsOf(run);
      this.ended.set(run.info.id, {
        info: run.info,
        metrics,
        document: run.document,
        recent: run.recent,
      });
      while (this.ended.size > ENDED_RUNS_KEPT) this.ended.delete(this.ended.keys().next().value!);
      this.pushMetrics(run, metrics);
      this.publishState(run);
      if (end.state === 'failed')
        this.opts.log.error(`run ${run.info.id} failed: ${end.error ?? 'unknown error'}`);
      else if (end.resumeOnNextStart) this.opts.log.warn(`run ${run.info.id}: ${end.error}`);
      await run.checkpoints.flushed();
      if (!run.detaching && !end.resumeOnNextStart)
        await this.opts.store
          .writeRecord({ ...run.info, document: run.document, metrics })
          .catch((e: Error) => this.opts.log.error(`run record of ${run.info.id} not written: ${e.message}`));
    })();
    this.settling.set(run, p);
    return p;
  }

  private async settled(run: ActiveRun): Promise<void> {
    const end = await run.thread.done;
    await this.onEnd(run, end);
    this.settling.delete(run);
  }

  /** Sinks whose last live subscriber left: the worker goes back to sending only their latest results. */
  private unwatchIdleSinks(run: ActiveRun): void {
    for (const node of run.watched)
      if (!this.hub?.hasSubscribers(sinkTopic(run.info.id, node))) {
        run.watched.delete(node);
        run.thread.watch(node, false);
      }
  }

  private metricsOf(run: ActiveRun): RunMetrics {
    const { state, error } = run.info;
    return { ...run.metrics, state, ...(error ? { error } : {}) };
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
    for (const node of run.recent.keys()) hub.publish(sinkTopic(id, node), msg);
    const taps = new Set([...run.document.edges.map((e) => tapTopic(id, e.id)), ...run.taps]);
    for (const tap of taps) hub.publish(tap, msg);
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
}

/** Why an edge of a parallel run cannot be tapped (see run-once.ts); null for other runs and edges. */
function parallelTapProblem(document: PipelineDocument, edgeId: string): string | null {
  const plan = parallelPlanOf(document, availableParallelism());
  const edge = document.edges.find((e) => e.id === edgeId);
  return plan && edge ? tapProblem(plan, edge) : null;
}

/** Metrics of a run whose worker has not reported yet. */
function emptyMetrics(runId: string, record: RunRecord): RunMetrics {
  return {
    run: runId,
    pipeline: record.pipeline,
    state: 'starting',
    startedAt: record.startedAt,
    timeMode: record.document.nodes.some((n) => n.kind === 'time.assign-timestamps') ? 'event' : 'processing',
    nodes: {},
    edges: {},
  };
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
