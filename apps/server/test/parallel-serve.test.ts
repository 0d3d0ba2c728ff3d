/**
 * `eventide serve` runs pipelines with settings.parallelism > 1 (runs/parallel-run.ts): the run's
 * worker hosts the sources, sinks and instance 0 of keyed stages, N-1 parallel workers the other
 * instances. Results, metrics, Stop, failures, "auto" and checkpoints through the server's API.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { keyRouter } from '@eventide/engine';
import type { PipelineDocumentInput, RunMetrics, ServerMessage } from '@eventide/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventideServer } from '../src/app.js';
import { BUSY_NICE } from '../src/runs/run-priority.js';
import { stored, tempDir, testServer, threadNiceValues, until } from './helpers.js';

let server: EventideServer;
let data: { dir: string; cleanup: () => void };
let base: string;
const sockets: WebSocket[] = [];

beforeAll(() => {
  // test-hooks.ts: transform.map fails on `failOperator`, crashes its thread on `crashWorker`.
  process.env.EVENTIDE_TEST_STALL = '1';
});
afterAll(() => {
  delete process.env.EVENTIDE_TEST_STALL;
});

async function boot(dir: string): Promise<void> {
  server = await testServer(dir, { port: 0, metricsIntervalMs: 100 });
  await server.listen();
  base = `127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  data = tempDir();
  await boot(data.dir);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await server.close();
  data.cleanup();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  server.app.inject({ method, url, headers: { host: base }, ...(payload ? { payload } : {}) });

/** Threads of this process now (the main thread, libuv's and V8's, and every worker thread). */
const threads = () => readdirSync('/proc/self/task').length;

/**
 * Generated sensor readings per 1 s event-time window and sensor: count and max temperature (no
 * floating sums, which may differ in the last bits across instances), to a file and a table.
 */
function windowPipeline(
  parallelism: number | 'auto',
  generator: Record<string, unknown>,
  out: string,
  checkpointIntervalMs = 0,
): PipelineDocumentInput {
  return {
    version: 2,
    name: `Windows ${parallelism}`,
    settings: { parallelism, checkpointIntervalMs, microBatch: { maxEvents: 256, maxDelayMs: 5 } },
    nodes: [
      {
        id: 'gen',
        kind: 'source.generator',
        params: { preset: 'sensors', keyCardinality: 40, seed: 3, maxOutOfOrdernessMs: 300, ...generator },
      },
      { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 1000 } },
      {
        id: 'win',
        kind: 'window.tumbling',
        params: {
          keyBy: ['sensor'],
          sizeMs: 1000,
          aggregations: [
            { fn: 'count', name: 'n' },
            { fn: 'max', field: 'temperature', name: 'hottest' },
          ],
        },
      },
      { id: 'file', kind: 'sink.file', params: { path: out } },
      { id: 'table', kind: 'sink.table', params: { maxRows: 20 } },
    ],
    edges: [
      { id: 'e1', source: 'gen', target: 'time' },
      { id: 'e2', source: 'time', target: 'win' },
      { id: 'e3', source: 'win', target: 'file' },
      { id: 'e4', source: 'win', target: 'table' },
    ],
  };
}

async function start(id: string, doc: PipelineDocumentInput): Promise<string> {
  await server.store.put(id, stored(doc));
  const res = await call('POST', `/api/pipelines/${id}/start`);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().run.id;
}

async function ended(
  runId: string,
): Promise<{ run: { state: string; error?: string }; metrics: RunMetrics }> {
  return until(
    async () => {
      const r = (await call('GET', `/api/runs/${runId}`)).json();
      return ['finished', 'failed', 'stopped'].includes(r.run.state) ? r : undefined;
    },
    `run ${runId} ended`,
    30_000,
  );
}

const lines = (file: string) =>
  readFileSync(path.join(data.dir, file), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .sort();

describe('a parallel run on the server', () => {
  it('gives the results of parallelism 1, with metrics summed over its instances', async () => {
    const bounded = { limit: 30_000, pacing: 'max' };
    const one = await start('one', windowPipeline(1, bounded, 'out/one.jsonl'));
    const m1 = (await ended(one)).metrics;
    const two = await start('two', windowPipeline(2, bounded, 'out/two.jsonl'));
    const r2 = await ended(two);
    expect(r2.run.state).toBe('finished');
    const results = lines('out/one.jsonl');
    expect(results.length).toBeGreaterThan(100);
    // The same multiset of window results (order across keys is free at a gathering sink).
    expect(lines('out/two.jsonl')).toEqual(results);
    const m2 = r2.metrics;
    expect(m2.nodes.win?.instances).toBe(2);
    expect(m2.nodes.gen?.instances).toBe(2);
    expect(m2.nodes.file?.instances).toBeUndefined();
    for (const node of ['gen', 'time', 'win', 'file', 'table'])
      for (const count of ['in', 'out', 'errors', 'late'] as const)
        expect(m2.nodes[node]?.[count], `${node}.${count}`).toBe(m1.nodes[node]?.[count]);
    expect(m2.nodes.win?.in).toBe(30_000 - (m1.nodes.win?.late ?? 0));
  });

  it('fed over HTTP ingest, gives the window results of parallelism 1', async () => {
    const T0 = 1_700_000_000_000;
    const events = Array.from({ length: 3000 }, (_, i) => ({ k: `u${i % 37}`, v: i, ts: T0 + 5 * i }));
    // Every (key, second) with events closes once the last event's watermark passes it.
    const windows = new Set(events.map((e) => `${e.k}|${Math.floor((e.ts - T0) / 1000)}`)).size;
    const last = { k: 'u0', v: -1, ts: T0 + 1_000_000 };
    const ingestPipeline = (parallelism: number): PipelineDocumentInput => ({
      version: 2,
      name: `Ingest ${parallelism}`,
      settings: { parallelism, checkpointIntervalMs: 0, microBatch: { maxEvents: 256, maxDelayMs: 5 } },
      nodes: [
        { id: 'in', kind: 'source.http-ingest', params: { maxQueue: 10_000 } },
        { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 0 } },
        {
          id: 'win',
          kind: 'window.tumbling',
          params: {
            keyBy: ['k'],
            sizeMs: 1000,
            aggregations: [
              { fn: 'count', name: 'n' },
              { fn: 'max', field: 'v', name: 'top' },
            ],
          },
        },
        { id: 'file', kind: 'sink.file', params: { path: `out/ingest-${parallelism}.jsonl` } },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'time' },
        { id: 'e2', source: 'time', target: 'win' },
        { id: 'e3', source: 'win', target: 'file' },
      ],
    });
    const results: string[][] = [];
    for (const parallelism of [1, 2]) {
      const id = `ingest-${parallelism}`;
      const run = await start(id, ingestPipeline(parallelism));
      for (let i = 0; i < events.length; i += 500) {
        const res = await call('POST', `/api/ingest/${id}/in`, events.slice(i, i + 500));
        expect(res.statusCode, res.body).toBe(202);
      }
      expect((await call('POST', `/api/ingest/${id}/in`, [last])).statusCode).toBe(202);
      const metrics = await until(
        async () => {
          const m = (await call('GET', `/api/runs/${run}`)).json().metrics as RunMetrics;
          return m.nodes.file?.in === windows && m.nodes.win?.in === events.length + 1 ? m : undefined;
        },
        `${windows} windows at the file sink`,
        20_000,
      );
      expect(metrics.nodes.win?.instances).toBe(parallelism === 1 ? undefined : 2);
      expect((await call('POST', `/api/pipelines/${id}/stop`)).json().run.state).toBe('stopped');
      results.push(lines(`out/ingest-${parallelism}.jsonl`));
    }
    expect(results[0]).toHaveLength(windows);
    expect(results[1]).toEqual(results[0]);
  });

  it('streams live results and metrics, stops, and leaves no worker thread behind', async () => {
    const ws = new WebSocket(`ws://${base}/api/live`);
    sockets.push(ws);
    const messages: ServerMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    await until(() => messages.length > 0, 'welcome');
    const run = await start('live', windowPipeline(2, { ratePerSec: 4000 }, 'out/live.jsonl'));
    const send = (m: object) => ws.send(JSON.stringify({ v: 1, ...m }));
    send({ type: 'subscribe', sub: 't', topic: { kind: 'sink', run, node: 'table' } });
    send({ type: 'subscribe', sub: 'm', topic: { kind: 'metrics', run } });
    const live = await until(
      () =>
        messages.find(
          (m): m is Extract<ServerMessage, { type: 'result' }> =>
            m.type === 'result' && m.sub === 't' && !m.replay && m.events.length > 0,
        ),
      'live window results',
      15_000,
    );
    expect(live.events[0]).toMatchObject({ sensor: expect.any(String), n: expect.any(Number) });
    const pushed = await until(
      () =>
        messages.find(
          (m): m is Extract<ServerMessage, { type: 'metrics' }> =>
            m.type === 'metrics' && (m.metrics.nodes.win?.in ?? 0) > 0,
        ),
      'metrics of the window',
      15_000,
    );
    expect(pushed.metrics.nodes.win?.instances).toBe(2);
    // Taps: an edge into a sink runs once (sampled there); one between two 2-instance nodes is refused.
    send({ type: 'subscribe', sub: 'tap-out', topic: { kind: 'tap', run, edge: 'e3' } });
    send({ type: 'subscribe', sub: 'tap-in', topic: { kind: 'tap', run, edge: 'e2' } });
    const refused = await until(
      () => messages.find((m) => m.type === 'error' && 'sub' in m && m.sub === 'tap-in'),
      'the refused tap',
    );
    expect(refused).toMatchObject({
      code: 'not-supported',
      message: expect.stringContaining('settings.parallelism'),
    });
    await until(
      () => messages.some((m) => m.type === 'tap' && m.sub === 'tap-out' && m.events.length > 0),
      'sampled events of the edge into the file sink',
      10_000,
    );
    // Both instances count: events keyed to instance 1 are counted on the other thread.
    const running = threads();
    const stop = await call('POST', '/api/pipelines/live/stop');
    expect(stop.json().run.state).toBe('stopped');
    // The run's worker and its parallel worker exit.
    await until(() => threads() <= running - 2, 'the run worker and its parallel worker exited', 10_000);
    expect((await call('GET', '/api/health')).statusCode).toBe(200);
  });

  it('yields every thread it keeps busy to the API thread', async () => {
    const atBusyNice = () => threadNiceValues().filter((n) => n === BUSY_NICE).length;
    const before = atBusyNice();
    await start('busy', windowPipeline(2, { pacing: 'max' }, 'out/busy.jsonl'));
    // The run's worker and its parallel worker both demote themselves (run-priority.ts).
    await until(() => atBusyNice() >= before + 2, `both threads of the run at nice ${BUSY_NICE}`, 10_000);
    expect((await call('POST', '/api/pipelines/busy/stop')).json().run.state).toBe('stopped');
  });

  it('fails the run, not the server, when an instance on another thread fails or its thread dies', async () => {
    // Keys the dedupe sends to instance 1, on the parallel worker: events with `k` = that key.
    const route = keyRouter(['k'], 2);
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    const other = keys.find((k) => route({ k }) === 1) as string;
    const here = keys.find((k) => route({ k }) === 0) as string;
    const doc = (name: string, source: PipelineDocumentInput['nodes'][number]): PipelineDocumentInput => ({
      version: 2,
      name,
      settings: { parallelism: 2, checkpointIntervalMs: 0, stallTimeoutMs: 1000 },
      nodes: [
        source,
        {
          id: 'once',
          kind: 'transform.dedupe',
          params: { keyBy: ['k'], withinMs: 1000, timeMode: 'processing' },
        },
        { id: 'boom', kind: 'transform.map', params: { keepInput: true } },
        { id: 'log', kind: 'sink.event-log', params: {} },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'once' },
        { id: 'e2', source: 'once', target: 'boom' },
        { id: 'e3', source: 'boom', target: 'log' },
      ],
    });
    // An operator error on the other thread: the run fails, naming the node.
    mkdirSync(path.join(data.dir, 'input'), { recursive: true });
    const events = [{ k: here }, { k: other, failOperator: true }, { k: here, x: 1 }];
    writeFileSync(path.join(data.dir, 'input/fails.jsonl'), events.map((e) => JSON.stringify(e)).join('\n'));
    const replay = {
      id: 'in',
      kind: 'source.file-replay',
      params: { path: 'input/fails.jsonl', speed: 'max' },
    };
    const failed = await ended(await start('fails', doc('fails', replay)));
    expect(failed.run.state).toBe('failed');
    expect(failed.run.error).toContain('node boom (transform.map) failed: test hook: failOperator');

    // Fed over HTTP: events reach the sink from both instances; then the other thread dies.
    const run = await start('crashes', doc('crashes', { id: 'in', kind: 'source.http-ingest', params: {} }));
    const sent = await call(
      'POST',
      '/api/ingest/crashes/in',
      keys.map((k) => ({ k })),
    );
    expect(sent.statusCode).toBe(202);
    const counted = await until(
      async () => {
        const r = (await call('GET', `/api/runs/${run}`)).json();
        const m = r.metrics as RunMetrics;
        if (r.run.state !== 'running') throw new Error(`run ${r.run.state}: ${r.run.error}`);
        // The other thread's counts arrive every metrics interval: they may lag the sink's a little.
        return m.nodes.log?.in === keys.length && m.nodes.boom?.in === keys.length ? m : undefined;
      },
      'the ingested events at the sink',
      15_000,
    );
    expect(counted.nodes.boom).toMatchObject({ in: keys.length, instances: 2 });
    // A key the dedupe has not seen (a seen one within withinMs would be dropped before the map).
    const fresh = ['g', 'h', 'i', 'j', 'k', 'l'].find((k) => route({ k }) === 1) as string;
    const crash = await call('POST', '/api/ingest/crashes/in', [{ k: fresh, crashWorker: true }]);
    expect(crash.statusCode).toBe(202);
    const crashed = await ended(run);
    expect(crashed.run.state).toBe('failed');
    expect(crashed.run.error).toMatch(/parallel worker 1 (crashed: test hook: crashWorker|exited)/);
    expect((await call('GET', '/api/health')).statusCode).toBe(200);

    // An operator that holds the other thread past settings.stallTimeoutMs fails the run by name.
    const stalls = await start('stalls', doc('stalls', { id: 'in', kind: 'source.http-ingest', params: {} }));
    const stallUntil = Date.now() + 20_000;
    expect((await call('POST', '/api/ingest/stalls/in', [{ k: other, stallUntil }])).statusCode).toBe(202);
    const stalled = await ended(stalls);
    expect(stalled.run.state).toBe('failed');
    expect(stalled.run.error).toMatch(
      /^node boom: spent \d+\.\d s on one batch \(settings.stallTimeoutMs 1000\)/,
    );
    expect(Date.now()).toBeLessThan(stallUntil);
    expect((await call('GET', '/api/health')).statusCode).toBe(200);
    // The server still runs pipelines.
    const again = await ended(
      await start('again', windowPipeline(2, { limit: 2000, pacing: 'max' }, 'out/a.jsonl')),
    );
    expect(again.run.state).toBe('finished');
  });

  it('resolves "auto" to the cores', async () => {
    const run = await start('auto', windowPipeline('auto', { limit: 5000, pacing: 'max' }, 'out/auto.jsonl'));
    const { metrics } = await ended(run);
    expect(metrics.nodes.win?.in).toBeGreaterThan(0);
    expect(metrics.nodes.win?.instances ?? 1).toBe(availableParallelism());
  });

  it('checkpoints across its instances and resumes from them after a server restart with the uninterrupted results', async () => {
    const events = { limit: 24_000, ratePerSec: 6000 };
    const reference = await start('ref', windowPipeline(1, { ...events, pacing: 'max' }, 'out/ref.jsonl'));
    expect((await ended(reference)).run.state).toBe('finished');
    const run = await start('cp', windowPipeline(2, events, 'out/cp.jsonl', 200));
    const dir = path.join(data.dir, 'runs', 'cp');
    const checkpoints = () => {
      try {
        return readdirSync(dir).filter((f) => f.startsWith('checkpoint-')).length;
      } catch {
        return 0; // no checkpoint written yet
      }
    };
    await until(() => checkpoints() >= 3, 'checkpoints', 15_000);
    const before = (await call('GET', `/api/runs/${run}`)).json();
    expect(before.run.state).toBe('running');
    // Far from its end (6,000 events/s): the shutdown below interrupts it.
    expect(before.metrics.nodes.gen.out).toBeLessThan(12_000);
    // Apply needs the state carried over per instance: refused with the reason, before saving it.
    const apply = await call('POST', '/api/pipelines/cp/apply', windowPipeline(2, events, 'out/cp.jsonl'));
    expect(apply.statusCode).toBe(400);
    expect(apply.json().issues[0].path).toBe('settings.parallelism');
    // Shutdown takes a last checkpoint; the next server resumes the run under its id, to its end.
    await server.close();
    await boot(data.dir);
    const resumed = await ended(run);
    expect(resumed.run.state).toBe('finished');
    expect(resumed.metrics.nodes.win?.instances).toBe(2);
    // Exactly the results of the uninterrupted run: nothing lost or repeated across the restart.
    const results = lines('out/ref.jsonl');
    expect(results.length).toBeGreaterThan(100);
    expect(lines('out/cp.jsonl')).toEqual(results);
    expect(resumed.metrics.nodes.gen?.out).toBe(24_000);
  });
});
