/**
 * The worker thread of one run: the engine and the run's connectors (file replay and sink, webhook,
 * ingest queues and logs, console, websocket-out, dashboards) live here, so a pipeline that
 * saturates the CPU or blocks leaves the server's main thread free. Results, metrics, taps and
 * checkpoints go to the main thread through an ordered outbox, one message per event-loop turn.
 * A worker boots (loads the engine) before it has a run: its first message is the run to host,
 * so the server can keep a spare one ready and a start does not wait for module loading.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import {
  cepStateView,
  checkRestorable,
  createRun,
  InvalidPipelineError,
  isParallelSnapshot,
  planParallel,
  resolveParallelism,
} from '@eventide/engine';
import type { LiveCepState, RunMetrics } from '@eventide/shared';
import { SECRETS_FILE } from '../connectors/secrets.js';
import { batchFedSinks } from '../host/batch-inputs.js';
import { RunConnectors } from '../host/run-connectors.js';
import { addCounts, countsOf, NO_COUNTS } from '../parallel/merge-metrics.js';
import { ParallelRun } from './parallel-run.js';
import { watchRunPriority } from './run-priority.js';
import type { NodeCounts, StoredCheckpoint } from './run-store.js';
import { type ServedRun, servedRun, type TakenCheckpoint } from './served-run.js';
import { HOLD_MS, SinkRelay } from './sink-relay.js';

/** Unacknowledged messages to the main thread before sink results are held and merged. */
const MAX_IN_FLIGHT = 4;

/**
 * Metrics cross with sink results when the last ones are this old, or when a sink shows its first
 * results: a node's counts are never behind the rows beside them (a table reading 0 in while its
 * sample shows a match), and a busy run does not send metrics with every batch.
 */
const METRICS_WITH_RESULTS_MS = 250;

import { testOperators } from './test-hooks.js';
import type {
  FromWorkerItem,
  RunWorkerData,
  ToWorker,
  WorkerReplies,
  WorkerRequest,
} from './worker-protocol.js';

if (!parentPort) throw new Error('run-worker.ts runs as a worker thread');
const port = parentPort;
port.once('message', (data: RunWorkerData) => host(data));

/** Hosts one run: connectors, engine, and the messages of the main thread. */
function host(data: RunWorkerData): void {
  // A saturating run yields the cores to the API thread (run-priority.ts).
  watchRunPriority();
  let outbox: FromWorkerItem[] = [];
  let flushScheduled = false;
  /** Messages the main thread has not acknowledged yet: past MAX_IN_FLIGHT, results are held (SinkRelay). */
  let inFlight = 0;
  /** The engine once created, and the metrics last sent (see METRICS_WITH_RESULTS_MS). */
  let engineRun: ServedRun | undefined;
  let lastMetrics: RunMetrics | undefined;
  let lastMetricsAt = 0;
  function pushMetrics(run: ServedRun): void {
    lastMetrics = metricsOf(run);
    lastMetricsAt = Date.now();
    outbox.push({ t: 'metrics', metrics: lastMetrics });
  }
  function metricsWithResults(): void {
    if (!engineRun) return;
    const stale = Date.now() - lastMetricsAt >= METRICS_WITH_RESULTS_MS;
    const due = outbox.some((i) => i.t === 'sink' && (stale || !lastMetrics?.nodes[i.node]?.in));
    if (due) pushMetrics(engineRun);
  }
  function flush(force = false): void {
    flushScheduled = false;
    relay.congested = inFlight >= MAX_IN_FLIGHT;
    relay.drain(Date.now(), force);
    metricsWithResults();
    if (outbox.length === 0) return;
    const items = outbox;
    outbox = [];
    inFlight++;
    port.postMessage(items);
  }
  /**
   * A request's answer goes at once (an answer comes a microtask after its request, or once a
   * parallel run's checkpoint completed): an accepted offer wakes the run, whose next slice must not
   * hold the answer back.
   */
  function reply(item: FromWorkerItem): void {
    outbox.push(item);
    flush();
  }
  /** Queued in order and sent together after the current engine slice. */
  function post(item: FromWorkerItem): void {
    outbox.push(item);
    schedule();
  }
  function schedule(): void {
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  }

  const relay = new SinkRelay(data.document, (node, events) => outbox.push({ t: 'sink', node, events }));
  // Held results cross every HOLD_MS even when nothing else is sent.
  setInterval(() => {
    if (relay.holding) flush();
  }, HOLD_MS).unref();

  /** Per node: errors and drops counted by the connectors, added to the engine's metrics. */
  const counters = new Map<string, { errors: number; dropped: number }>();
  const count = (node: string) => {
    const c = counters.get(node) ?? { errors: 0, dropped: 0 };
    counters.set(node, c);
    return c;
  };
  const log = (level: 'info' | 'warn' | 'error', message: string) => post({ t: 'log', level, message });

  const restoreFrom = data.restore?.snapshot;
  /** Counters of the run before the checkpoint it resumed from (the engine counts from the restore on). */
  const base: NodeCounts = data.restore?.counts ?? {};

  const connectors = new RunConnectors({
    baseDir: data.dataDir,
    secretsFile: path.join(data.dataDir, SECRETS_FILE),
    confine: true,
    batchFed: batchFedSinks(data.document),
    ingestLogDir: data.ingestLogDir,
    limits: data.document.settings.limits,
    // Exactly-once Kafka sinks name their transactions after the run.
    runId: data.runId,
    resuming: restoreFrom !== undefined,
    // Committing sinks write only what a checkpoint on disk covers (the main thread says when).
    durableCheckpoints: true,
    ...(data.ingestSegmentBytes ? { ingestSegmentBytes: data.ingestSegmentBytes } : {}),
    allowPrivateWebhooks: data.allowPrivateWebhooks,
    publishSink: (node, events) => {
      relay.publish(node, events);
      schedule();
    },
    publishChannel: (channel, events) => post({ t: 'channel', channel, events }),
    print: (line) => post({ t: 'print', line }),
    countError: (node, reason) => {
      count(node).errors++;
      log('warn', `run ${data.runId} node ${node}: ${reason}`);
    },
    countDropped: (node, n, reason) => {
      count(node).dropped += n;
      log('warn', `run ${data.runId} node ${node}: dropped ${n}: ${reason}`);
    },
  });

  function metricsOf(engine: ServedRun): RunMetrics {
    const m = engine.metrics();
    const nodes = { ...m.nodes };
    for (const [node, c] of counters) {
      const n = nodes[node];
      if (n) nodes[node] = { ...n, errors: n.errors + c.errors, dropped: n.dropped + c.dropped };
    }
    for (const [node, status] of connectors.statuses) {
      const n = nodes[node];
      if (n) nodes[node] = { ...n, status };
    }
    for (const [node, b] of Object.entries(base)) {
      const n = nodes[node];
      if (n) nodes[node] = addCounts(n, b);
    }
    return { ...m, run: data.runId, pipeline: data.pipeline, startedAt: data.startedAt, nodes };
  }

  /**
   * A checkpoint with the run's counters at the barrier: the engine's now (a single run checkpoints
   * between two steps), or those the instances had at their barriers (a parallel run), plus the
   * connectors' counts and those before a resume.
   */
  function checkpointOf(
    engine: ServedRun,
    { snapshot, counts: atBarrier }: TakenCheckpoint,
  ): StoredCheckpoint {
    const counts: NodeCounts = {};
    if (atBarrier)
      for (const [id, c] of Object.entries(atBarrier)) {
        const host = counters.get(id);
        counts[id] = addCounts(addCounts(c, base[id] ?? NO_COUNTS), { ...NO_COUNTS, ...host });
      }
    else for (const [id, n] of Object.entries(metricsOf(engine).nodes)) counts[id] = countsOf(n);
    return { snapshot, counts };
  }

  function create(): ServedRun | undefined {
    let engine: ServedRun | undefined;
    try {
      const operators = testOperators();
      const parallelism = resolveParallelism(data.document, availableParallelism());
      // Called inside a step (or a barrier's completion), once `engine` exists.
      const onCheckpoint = (taken: TakenCheckpoint) =>
        engine && post({ t: 'checkpoint', checkpoint: checkpointOf(engine, taken) });
      if (parallelism > 1) {
        if (restoreFrom && !isParallelSnapshot(restoreFrom))
          throw new Error(
            `settings.parallelism: this checkpoint was taken with parallelism 1; resume it with parallelism 1 (keyed state is not partitioned in it)`,
          );
        engine = new ParallelRun({
          document: data.document,
          parallelism,
          connectors,
          progress: data.progress,
          ...(operators ? { operators } : {}),
          ...(restoreFrom ? { restoreFrom } : {}),
          metricsMs: data.metricsIntervalMs,
          onCheckpoint,
        });
      } else {
        // A parallel checkpoint resumed at parallelism 1 (settings changed, or "auto" on fewer cores): say why not.
        if (restoreFrom && isParallelSnapshot(restoreFrom))
          checkRestorable(restoreFrom, planParallel(data.document, 1));
        engine = servedRun(
          createRun(data.document, {
            runId: data.runId,
            sources: connectors.sources,
            sinkFor: connectors.sinkFor,
            progress: new Float64Array(data.progress, 0, 2),
            ...(restoreFrom && !isParallelSnapshot(restoreFrom) ? { restoreFrom } : {}),
            ...(operators ? { operators } : {}),
            onCheckpoint: (snapshot) => onCheckpoint({ snapshot }),
          }),
        );
      }
      // Ingested events wake the run at once instead of waiting out its idle timer.
      const run = engine;
      for (const source of connectors.ingest.values()) source.onQueued = () => run.wake();
      return engine;
    } catch (e) {
      // The main thread answers the start with this and terminates the worker.
      post({
        t: 'refused',
        message: (e as Error).message,
        issues: e instanceof InvalidPipelineError ? e.issues : [],
      });
      return undefined;
    }
  }

  const created = create();
  if (created) serve(created);

  function serve(run: ServedRun): void {
    let metricsTimer: NodeJS.Timeout | undefined;
    /** Open taps by edge and filter, with the function that closes each. */
    const taps = new Map<string, () => void>();

    run.onEnd((end) => {
      clearInterval(metricsTimer);
      // the end carries the final metrics; none may follow it
      engineRun = undefined;
      relay.drain(Date.now(), true);
      post({ t: 'end', ...end, metrics: metricsOf(run) });
      flush(true);
    });

    // Ready once every thread of the run is (a run that ends first says why in its end).
    void run.whenReady().then(
      () => {
        // The first checkpoint holds the sinks' starting state: a crash before the next one restarts from it.
        const initial = restoreFrom ? undefined : run.initialCheckpoint();
        post({ t: 'ready', initial: initial && checkpointOf(run, { snapshot: initial }) });
        engineRun = run;
        pushMetrics(run);
      },
      () => undefined,
    );

    port.on('message', (msg: ToWorker) => {
      switch (msg.t) {
        case 'start':
          run.start();
          metricsTimer = setInterval(() => {
            pushMetrics(run);
            schedule();
          }, data.metricsIntervalMs);
          break;
        case 'stop':
          void run.stop();
          break;
        case 'tap': {
          const key = `${msg.edge}\u0000${msg.filter}`;
          if (msg.off) {
            taps.get(key)?.();
            taps.delete(key);
            break;
          }
          if (taps.has(key)) break;
          const { edge, filter } = msg;
          try {
            const close = run.tap(edge, (events) => post({ t: 'tap', edge, filter, events }), {
              ...(filter ? { filter } : {}),
            });
            taps.set(key, close);
          } catch (e) {
            log('warn', `tap of ${edge} in ${data.runId}: ${(e as Error).message}`);
          }
          break;
        }
        case 'ack':
          inFlight--;
          break;
        case 'watch':
          relay.watch(msg.node, msg.on);
          break;
        case 'checkpointed':
          for (const [node, source] of connectors.logged) source.checkpointed(msg.offsets[node]);
          connectors.checkpointed(msg.checkpointId, msg.sources);
          break;
        case 'request': {
          const { id } = msg;
          const fail = (e: Error) => reply({ t: 'reply', id, ok: false, error: e.message });
          try {
            const value = answer(run, msg.request);
            // A parallel run's checkpoint completes later; every other answer goes in this turn
            // (checkpoint-and-stop's before the end its stop brings).
            if (value instanceof Promise)
              void value.then((v) => reply({ t: 'reply', id, ok: true, value: v }), fail);
            else reply({ t: 'reply', id, ok: true, value });
          } catch (e) {
            fail(e as Error);
          }
          break;
        }
      }
    });
  }

  /** Per pattern node inspected: matches and timeouts counted since the first read, and the last read. */
  const cepCounts = new Map<
    string,
    { matches: number; timeouts: number | null; at: number; last?: LiveCepState }
  >();
  function cepState(run: ServedRun, nodeId: string): LiveCepState {
    const node = data.document.nodes.find((n) => n.id === nodeId);
    if (node?.kind !== 'cep.pattern')
      throw new Error(`node "${nodeId}" is not a cep.pattern node of this run`);
    let counts = cepCounts.get(nodeId);
    if (!counts) {
      const timeouts = data.document.edges.some((e) => e.source === nodeId && e.sourcePort === 'timeout');
      const fresh = { matches: 0, timeouts: timeouts ? 0 : null, at: Date.now() };
      run.watchOutput(nodeId, 'out', (events) => {
        fresh.matches += events.length;
      });
      if (timeouts)
        run.watchOutput(nodeId, 'timeout', (events) => {
          fresh.timeouts = (fresh.timeouts ?? 0) + events.length;
        });
      cepCounts.set(nodeId, fresh);
      counts = fresh;
    }
    const steps = Array.isArray(node.params?.steps) ? node.params.steps.length : 0;
    const at = Date.now();
    const last = counts.last;
    const perSec = (now: number | null, before: number | null | undefined) =>
      last && now !== null && before !== null && before !== undefined && at > last.at
        ? ((now - before) * 1000) / (at - last.at)
        : null;
    const state: LiveCepState = {
      ...cepStateView(run.operatorState(nodeId), steps),
      at,
      matches: counts.matches,
      timeouts: counts.timeouts,
      matchesPerSec: perSec(counts.matches, last?.matches),
      timeoutsPerSec: perSec(counts.timeouts, last?.timeouts),
    };
    counts.last = state;
    return state;
  }

  function answer(
    run: ServedRun,
    request: WorkerRequest,
  ): WorkerReplies[WorkerRequest['what']] | Promise<WorkerReplies['checkpoint']> {
    switch (request.what) {
      case 'offer': {
        const source = connectors.ingest.get(request.node);
        if (!source) return { unavailable: `node ${request.node} is not an ingest source of this run` };
        return source.offer(request.events);
      }
      case 'checkpoint':
        return run.checkpoint().then((taken) => checkpointOf(run, taken));
      case 'checkpoint-and-stop':
        return checkpointOf(run, { snapshot: run.checkpointAndStop() });
      case 'metrics':
        return metricsOf(run);
      case 'cep-state':
        return cepState(run, request.node);
    }
  }
}
