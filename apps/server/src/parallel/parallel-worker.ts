/**
 * A standalone worker thread of a threaded parallel run (threaded-run.ts, or a server run's parallel
 * workers 1..N-1, see runs/parallel-run.ts): a WorkerHost whose sinks count or collect results for
 * the main thread, spoken to over parallel-protocol.ts.
 */
import { parentPort } from 'node:worker_threads';
import { createMemorySource, LocalParallelRun, type ParallelPlan, type Sink } from '@eventide/engine';
import { watchRunPriority } from '../runs/run-priority.js';
import { testOperators } from '../runs/test-hooks.js';
import type { FromParallelWorker, ParallelWorkerData, ToParallelWorker } from './parallel-protocol.js';
import { progressCells } from './parallel-spawn.js';
import { startRunProfile } from './run-profile.js';
import { threadCpuSeconds } from './thread-cpu.js';
import { WorkerHost } from './worker-host.js';

/** Results sent to the main thread per message in "collect" mode. */
const RESULT_BATCH = 4096;

if (!parentPort) throw new Error('parallel-worker.ts runs as a worker thread');
const main = parentPort;
main.once('message', (data: ParallelWorkerData) => host(data));

function host(data: ParallelWorkerData): void {
  if (data.yieldToApi) watchRunPriority();
  const post = (m: FromParallelWorker) => main.postMessage(m);
  const counts: Record<string, number> = {};
  const results = new Map<string, Record<string, unknown>[]>();

  const sinkFor = (node: { id: string }): Sink => {
    counts[node.id] = 0;
    // Results this sink passed on since the run began, before a restored run's own: its checkpoint
    // state, as a file sink's is its length, so a checkpoint says which results came before it.
    let passedOn = 0;
    return {
      nodeId: node.id,
      onCheckpoint: () => passedOn,
      restore(state) {
        if (typeof state === 'number') passedOn = state;
      },
      write(events) {
        passedOn += events.length;
        counts[node.id] = (counts[node.id] ?? 0) + events.length;
        if (data.sinks !== 'collect') return;
        let list = results.get(node.id);
        if (!list) {
          list = [];
          results.set(node.id, list);
        }
        for (const e of events) list.push(e);
        if (list.length >= RESULT_BATCH) flushResults();
      },
    };
  };
  const flushResults = () => {
    for (const [node, events] of results) if (events.length > 0) post({ t: 'results', node, events });
    results.clear();
  };

  const clock = data.clockMs !== undefined ? () => data.clockMs as number : undefined;
  const operators = testOperators();
  let metricsTimer: NodeJS.Timeout | undefined;
  let cpuAtStart: number | undefined;
  let writeProfile: (() => void) | undefined;
  const worker = new WorkerHost({
    document: data.document,
    plan: data.plan,
    worker: data.worker,
    peers: data.peers,
    claims: data.claims,
    ...(data.restoreFrom ? { restoreFrom: data.restoreFrom } : {}),
    ...(data.idleMs ? { idleMs: data.idleMs } : {}),
    instanceOptions: () => ({
      sinkFor,
      sourceOverrides: Object.fromEntries(
        Object.entries(data.inputs ?? {}).map(([id, events]) => [id, createMemorySource(id, events)]),
      ),
      collectLimit: 0,
      ...(clock ? { clock } : {}),
      ...(data.maxEvents ? { maxEvents: data.maxEvents } : {}),
      ...(operators ? { operators } : {}),
      ...(data.progress ? { progress: progressCells(data.progress, data.worker) } : {}),
    }),
    onSnapshot: (part) => post({ t: 'part', ...part }),
    onFailed: (error) => post({ t: 'failed', error }),
    onDone: (errors) => {
      clearInterval(metricsTimer);
      writeProfile?.();
      flushResults();
      if (data.metricsMs) post({ t: 'metrics', instances: worker.metrics() });
      const cpu = threadCpuSeconds();
      post({
        t: 'done',
        counts,
        errors,
        ...(cpu !== undefined && cpuAtStart !== undefined ? { cpuSeconds: cpu - cpuAtStart } : {}),
      });
    },
  });

  main.on('message', (m: ToParallelWorker) => {
    if (m.t === 'start') {
      cpuAtStart = threadCpuSeconds();
      writeProfile = startRunProfile(data.worker);
      worker.start();
      if (data.metricsMs)
        metricsTimer = setInterval(() => post({ t: 'metrics', instances: worker.metrics() }), data.metricsMs);
    } else if (m.t === 'checkpoint') worker.checkpoint(m.id);
    else if (m.t === 'stop') process.exit(0);
  });
  for (const doc of data.warmup ?? []) warmUp(doc, data.plan);
  post({ t: 'ready' });
}

/** The warm-up document in-thread by the run's own plan (LocalParallelOptions.plan says why), results dropped. */
function warmUp(doc: unknown, plan: ParallelPlan): void {
  const run = new LocalParallelRun(doc, {
    parallelism: plan.parallelism,
    plan,
    sinkFor: (node) => ({ nodeId: node.id, write: () => undefined }),
    collectLimit: 0,
  });
  while (run.step() !== 'finished') {}
}
