/**
 * One worker thread of a threaded parallel run: it hosts instance k of every N-instance stage (and,
 * on worker 0, the single-instance stages), steps them in turn, hands exchange messages to its own
 * instances directly and to other workers in one bundle per peer per slice.
 * Flow control: a source instance steps only while fewer than MAX_UNACKED bundles to each peer
 * wait for their ack and fewer than MAX_QUEUED events wait in this worker's exchanges, so a slow
 * instance slows the sources instead of filling memory.
 */
import { parentPort } from 'node:worker_threads';
import {
  createMemorySource,
  type ExchangeMessage,
  type InstanceHost,
  LocalParallelRun,
  type Sink,
  StageInstance,
} from '@eventide/engine';
import type {
  FromParallelWorker,
  ParallelWorkerData,
  PeerMessage,
  ToParallelWorker,
} from './parallel-protocol.js';

const SLICE_MS = 8;
const MAX_UNACKED = 3;
const MAX_QUEUED = 32_768;
/** Results sent to the main thread per message in "collect" mode. */
const RESULT_BATCH = 4096;

if (!parentPort) throw new Error('parallel-worker.ts runs as a worker thread');
const main = parentPort;
main.once('message', (data: ParallelWorkerData) => host(data));

function host(data: ParallelWorkerData): void {
  const { plan, worker } = data;
  const post = (m: FromParallelWorker) => main.postMessage(m);
  const bundles = data.peers.map(() => [] as [number, number, number, ExchangeMessage][]);
  const unacked = data.peers.map(() => 0);
  const workerOf = (stage: string, index: number) => {
    const s = plan.stages.find((x) => x.id === stage);
    return s && s.parallelism > 1 ? index : 0;
  };
  const local = new Map<string, StageInstance>();
  const instances: StageInstance[] = [];
  const counts: Record<string, number> = {};
  const results = new Map<string, Record<string, unknown>[]>();

  const hostApi: InstanceHost = {
    send(exchange, from, to, message) {
      const x = plan.exchanges[exchange];
      if (!x) return;
      const target = workerOf(x.to, to);
      if (target === worker) local.get(`${x.to}.${to}`)?.receive(exchange, from, message);
      else bundles[target]?.push([exchange, from, to, message]);
    },
    isLocal(exchange, _from, to) {
      const x = plan.exchanges[exchange];
      return x !== undefined && workerOf(x.to, to) === worker;
    },
    onSnapshot(stage, index, id, snapshot) {
      post({ t: 'part', stage, index, id, snapshot });
    },
  };

  const sinkFor = (node: { id: string }): Sink => {
    counts[node.id] = 0;
    return {
      nodeId: node.id,
      write(events) {
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
  for (const stage of plan.stages)
    for (let i = 0; i < stage.parallelism; i++) {
      if (workerOf(stage.id, i) !== worker) continue;
      const sourceOverrides = Object.fromEntries(
        Object.entries(data.inputs ?? {}).map(([id, events]) => [id, createMemorySource(id, events)]),
      );
      const instance = new StageInstance(
        data.document,
        plan,
        stage,
        i,
        hostApi,
        {
          sinkFor,
          sourceOverrides,
          collectLimit: 0,
          ...(clock ? { clock } : {}),
          ...(data.maxEvents ? { maxEvents: data.maxEvents } : {}),
        },
        data.restoreFrom?.stages[stage.id]?.[i],
      );
      local.set(`${stage.id}.${i}`, instance);
      instances.push(instance);
    }

  const flushPeers = () => {
    for (let w = 0; w < bundles.length; w++) {
      const items = bundles[w] as [number, number, number, ExchangeMessage][];
      if (items.length === 0) continue;
      bundles[w] = [];
      unacked[w] = (unacked[w] as number) + 1;
      const m: PeerMessage = { t: 'bundle', items };
      data.peers[w]?.postMessage(m);
    }
  };

  let started = false;
  let scheduled = false;
  let finished = false;
  const schedule = () => {
    if (scheduled || finished || !started) return;
    scheduled = true;
    setImmediate(loop);
  };

  data.peers.forEach((port, w) => {
    if (!port) return;
    port.on('message', (m: PeerMessage) => {
      if (m.t === 'ack') unacked[w] = Math.max(0, (unacked[w] as number) - 1);
      else {
        for (const [exchange, from, to, message] of m.items) {
          const x = plan.exchanges[exchange];
          if (x) local.get(`${x.to}.${to}`)?.receive(exchange, from, message);
        }
        port.postMessage({ t: 'ack' } satisfies PeerMessage);
      }
      schedule();
    });
  });

  const sourcesHeld = () => {
    for (const u of unacked) if (u >= MAX_UNACKED) return true;
    let queued = 0;
    for (const i of instances) queued += i.queuedEvents;
    return queued >= MAX_QUEUED;
  };

  function loop(): void {
    scheduled = false;
    const until = performance.now() + SLICE_MS;
    let moved: boolean;
    do {
      moved = false;
      const held = sourcesHeld();
      for (const instance of instances) {
        if (instance.ended) continue;
        if (instance.stage.sources ? held : !instance.ready) continue;
        if (instance.step() === 'progress') moved = true;
      }
    } while (moved && performance.now() < until);
    for (const instance of instances) instance.flush();
    // One bundle per peer per slice: fewer, larger messages.
    flushPeers();
    if (instances.every((i) => i.ended)) {
      finished = true;
      flushPeers();
      flushResults();
      const errors = instances
        .map((i) => i.run.metrics())
        .filter((m) => m.error !== undefined)
        .map((m) => `${m.run}: ${m.error}`);
      post({ t: 'done', counts, errors });
      return;
    }
    // Work left: go on after the event loop delivered what peers sent; else wait for a message,
    // with a tick for processing-time timers.
    if (moved || instances.some((i) => i.ready && (!i.stage.sources || !sourcesHeld()))) schedule();
    else setTimeout(schedule, 5);
  }

  main.on('message', (m: ToParallelWorker) => {
    if (m.t === 'start') {
      started = true;
      schedule();
    } else if (m.t === 'checkpoint') {
      for (const i of instances) if (i.stage.sources) i.checkpoint(m.id);
      flushPeers();
    } else if (m.t === 'stop') process.exit(0);
  });
  if (data.warmupEvents) warmUp(data);
  post({ t: 'ready' });
}

/** The document in-thread at every parallel stage, generators limited to `warmupEvents`, results dropped. */
function warmUp(data: ParallelWorkerData): void {
  const doc = structuredClone(data.document) as {
    nodes?: { kind: string; params?: Record<string, unknown> }[];
  };
  for (const n of doc.nodes ?? [])
    if (n.kind === 'source.generator') n.params = { ...n.params, limit: data.warmupEvents, pacing: 'max' };
  const run = new LocalParallelRun(doc, {
    parallelism: data.plan.parallelism,
    sinkFor: (node) => ({ nodeId: node.id, write: () => undefined }),
    collectLimit: 0,
  });
  while (run.step() !== 'finished') {}
}
