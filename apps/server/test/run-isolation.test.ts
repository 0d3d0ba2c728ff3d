import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventideServer } from '../src/app.js';
import { BUSY_NICE } from '../src/runs/run-priority.js';
import { RunStore } from '../src/runs/run-store.js';
import { chainPipeline, tempDir, testServer, threadNiceValues, until } from './helpers.js';

// Workers spawned by this file get the test hook of src/runs/test-hooks.ts: transform.map blocks
// its thread until an event's `stallUntil` (epoch ms), the way a runaway operator would.
process.env.EVENTIDE_TEST_STALL = '1';

let server: EventideServer;
let data: { dir: string; cleanup: () => void };
let base: string;

async function boot(): Promise<void> {
  server = await testServer(data.dir, { port: 0, metricsIntervalMs: 100 });
  await server.listen();
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  data = tempDir();
  await boot();
});
afterEach(async () => {
  await server.close();
  data.cleanup();
});

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${url}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, json: await res.json() };
}

/** Latency of `n` GET /api/health made one after another, sorted ascending (ms). */
async function healthLatencies(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    await res.json();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

const p99 = (sorted: number[]) => sorted[Math.ceil(sorted.length * 0.99) - 1] as number;

/** http-ingest -> map m (the stalling hook) -> event-log; checkpoints every 100 ms. */
function stallPipeline(stallTimeoutMs: number) {
  return chainPipeline(
    'Stall',
    [
      { id: 'in', kind: 'source.http-ingest', params: {} },
      { id: 'm', kind: 'transform.map', params: { fields: [{ name: 'n', expr: 'n' }] } },
      { id: 'log', kind: 'sink.event-log', params: { maxEvents: 100 } },
    ],
    { microBatch: { maxEvents: 64, maxDelayMs: 5 }, checkpointIntervalMs: 100, stallTimeoutMs },
  );
}

async function logIn(runId: string): Promise<number> {
  return (await call('GET', `/api/runs/${runId}`)).json.metrics.nodes.log?.in ?? 0;
}

describe('runs in worker threads', () => {
  it('a CPU-saturating pipeline leaves /api/health p99 under 100 ms, and Stop answers quickly', async () => {
    // The pipeline of issue 10 that froze the server when runs shared its thread.
    const doc = chainPipeline(
      'Saturating',
      [
        {
          id: 'gen',
          kind: 'source.generator',
          params: { preset: 'clicks', ratePerSec: 2_000_000, keyCardinality: 1000 },
        },
        { id: 'ts', kind: 'time.assign-timestamps', params: { timestamp: 'ts' } },
        {
          id: 'w',
          kind: 'window.sliding',
          params: {
            sizeMs: 600_000,
            slideMs: 1000,
            keyBy: ['page'],
            aggregations: [{ name: 'n', fn: 'count' }],
          },
        },
        { id: 'table', kind: 'sink.table', params: { maxRows: 100 } },
      ],
      { microBatch: { maxEvents: 512, maxDelayMs: 20 }, checkpointIntervalMs: 0 },
    );
    expect((await call('PUT', '/api/pipelines/sat', doc)).status).toBe(200);
    const run = (await call('POST', '/api/pipelines/sat/start')).json.run;
    // Saturating: events flow through the window as fast as the worker can take them.
    await until(
      async () => (await call('GET', `/api/runs/${run.id}`)).json.metrics.nodes.w?.in > 2000,
      'events in the window',
      20_000,
    );
    const latencies = await healthLatencies(50);
    expect((await call('GET', `/api/runs/${run.id}`)).json.run.state).toBe('running');
    expect(p99(latencies)).toBeLessThan(100);
    // The saturated run's thread demotes itself below the API thread (run-priority.ts).
    if (process.platform === 'linux')
      await until(() => threadNiceValues().includes(BUSY_NICE), `a thread at nice ${BUSY_NICE}`, 3000);

    const t = performance.now();
    const stop = await call('POST', '/api/pipelines/sat/stop');
    const stopMs = performance.now() - t;
    expect(stop.json.run).toMatchObject({ id: run.id, state: 'stopped' });
    // Ended by the worker itself, not by terminating it.
    expect(stop.json.run.error).toBeUndefined();
    expect(stopMs).toBeLessThan(2000);
    console.info(
      `saturating run: /api/health p50 ${latencies[24]!.toFixed(1)} ms, p99 ${p99(latencies).toFixed(1)} ms over 50; Stop answered in ${stopMs.toFixed(0)} ms`,
    );
  });

  it('a stalled operator fails its run by name within stallTimeoutMs, the server keeps answering, and the run resumes from its checkpoint', async () => {
    expect((await call('PUT', '/api/pipelines/stall', stallPipeline(1000))).status).toBe(200);
    const run = (await call('POST', '/api/pipelines/stall/start')).json.run;
    const first = await call('POST', '/api/ingest/stall/in', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    await until(async () => (await logIn(run.id)) === 3, 'the first events at the sink');
    // A checkpoint after them (every 100 ms): they are not replayed by the resume.
    await new Promise((r) => setTimeout(r, 400));

    const stallUntil = Date.now() + 3000;
    const posted = Date.now();
    expect((await call('POST', '/api/ingest/stall/in', { n: 4, stallUntil })).status).toBe(202);
    // While the worker is blocked, the API answers.
    expect(p99(await healthLatencies(10))).toBeLessThan(100);
    const failed = await until(async () => {
      const r = (await call('GET', `/api/runs/${run.id}`)).json.run;
      return r.state === 'failed' ? r : undefined;
    }, 'the watchdog to fail the run');
    const detectedMs = Date.now() - posted;
    expect(failed.error).toMatch(/^node m: spent \d+\.\d s on one batch \(settings\.stallTimeoutMs 1000\)$/);
    expect(detectedMs).toBeLessThan(1000 + 1500);
    console.info(`stall: the run failed ${detectedMs} ms after the blocking event (stallTimeoutMs 1000)`);
    expect(stallUntil - Date.now()).toBeGreaterThan(0);
    // The record on disk says so too, so the run is listed as failed after a restart.
    const store = new RunStore(data.dir);
    const record = await until(async () => (await store.ended()).find((r) => r.id === run.id), 'the record');
    expect(record).toMatchObject({ state: 'failed', error: failed.error });

    // Resume once the poison event no longer blocks: from the checkpoint, so event 4 is replayed
    // from the ingest log and events 1-3 are not delivered twice.
    while (Date.now() <= stallUntil) await new Promise((r) => setTimeout(r, 50));
    const resumed = await call('POST', `/api/runs/${run.id}/resume`);
    expect(resumed.status).toBe(201);
    expect(resumed.json.run).toMatchObject({ id: run.id, state: 'running' });
    expect((await call('POST', `/api/runs/${run.id}/resume`)).json.error).toBe('already-running');
    expect((await call('POST', '/api/runs/stall-nope/resume')).status).toBe(404);
    await until(async () => (await logIn(run.id)) === 4, 'event 4 after the resume');
    await new Promise((r) => setTimeout(r, 300));
    expect(await logIn(run.id)).toBe(4);
    expect((await call('POST', '/api/pipelines/stall/stop')).json.run.state).toBe('stopped');
  });

  it('Stop terminates a worker that does not stop within 2 s; the run resumes from its checkpoint on the next start', async () => {
    expect((await call('PUT', '/api/pipelines/stall', stallPipeline(60_000))).status).toBe(200);
    const run = (await call('POST', '/api/pipelines/stall/start')).json.run;
    expect((await call('POST', '/api/ingest/stall/in', [{ n: 1 }, { n: 2 }])).status).toBe(202);
    await until(async () => (await logIn(run.id)) === 2, 'the first events at the sink');
    await new Promise((r) => setTimeout(r, 400));
    const stallUntil = Date.now() + 4000;
    expect((await call('POST', '/api/ingest/stall/in', { n: 3, stallUntil })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 200));

    const t = performance.now();
    const stop = await call('POST', '/api/pipelines/stall/stop');
    const stopMs = performance.now() - t;
    expect(stop.json.run.state).toBe('stopped');
    expect(stop.json.run.error).toMatch(/did not stop within 2 s/);
    expect(stopMs).toBeGreaterThan(1900);
    expect(stopMs).toBeLessThan(3000);
    // Resumable, as after a crash: the record still says running and the checkpoint is there.
    const store = new RunStore(data.dir);
    expect((await store.interrupted()).map((r) => r.id)).toEqual([run.id]);
    expect((await store.loadCheckpoint('stall', run.id)).checkpoint).toBeDefined();

    await server.close();
    while (Date.now() <= stallUntil) await new Promise((r) => setTimeout(r, 50));
    await boot();
    await until(
      async () => (await call('GET', `/api/runs/${run.id}`)).json?.run?.state === 'running',
      'the resumed run',
    );
    await until(async () => (await logIn(run.id)) === 3, 'event 3 after the resume');
    await new Promise((r) => setTimeout(r, 300));
    expect(await logIn(run.id)).toBe(3);
  });

  it('a worker that crashes fails its run with the reason, and the server keeps serving', async () => {
    expect((await call('PUT', '/api/pipelines/stall', stallPipeline(60_000))).status).toBe(200);
    const run = (await call('POST', '/api/pipelines/stall/start')).json.run;
    expect((await call('POST', '/api/ingest/stall/in', { n: 1, crashWorker: true })).status).toBe(202);
    const failed = await until(async () => {
      const r = (await call('GET', `/api/runs/${run.id}`)).json.run;
      return r.state === 'failed' ? r : undefined;
    }, 'the crash to fail the run');
    expect(failed.error).toBe("the run's worker crashed: test hook: crashWorker");
    expect(p99(await healthLatencies(5))).toBeLessThan(1000);
    // The pipeline can run again.
    expect((await call('POST', '/api/pipelines/stall/start')).status).toBe(201);
    expect((await call('POST', '/api/ingest/stall/in', { n: 2 })).status).toBe(202);
    expect((await call('POST', '/api/pipelines/stall/stop')).json.run.state).toBe('stopped');
  });
});
