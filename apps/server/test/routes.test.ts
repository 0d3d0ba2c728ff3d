import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NODE_KINDS } from '@eventide/shared';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventideServer } from '../src/app.js';
import {
  EXAMPLE_FILES,
  EXAMPLES,
  generatorPipeline,
  INJECT_HOST,
  ingestPipeline,
  tempDir,
  testServer,
  until,
} from './helpers.js';

let server: EventideServer;
let data: { dir: string; cleanup: () => void };

beforeEach(async () => {
  data = tempDir();
  server = await testServer(data.dir, { ingestBodyLimit: 4096 });
});
afterEach(async () => {
  await server.close();
  data.cleanup();
});

const call = (opts: InjectOptions) =>
  server.app.inject({ ...opts, headers: { host: INJECT_HOST, ...(opts.headers ?? {}) } });
const example = (name: string) => JSON.parse(readFileSync(path.join(EXAMPLES, name), 'utf8'));
/** A node of a parsed example by id (examples are canonical: nodes sorted by id). */
const byId = (
  doc: { nodes: { id: string; kind: string; params: Record<string, unknown> }[] },
  id: string,
) => {
  const n = doc.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};

describe('meta routes', () => {
  it('GET /api/health reports ok and the version', async () => {
    const res = await call({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, version: '0.1.0' });
  });

  it('GET /api/catalog lists every kind with its parameter schema', async () => {
    const res = await call({ method: 'GET', url: '/api/catalog' });
    const kinds = res.json().kinds as { kind: string; paramsSchema: unknown; defaults: unknown }[];
    expect(kinds.map((k) => k.kind)).toEqual(NODE_KINDS.map((k) => k.kind));
    expect(kinds.find((k) => k.kind === 'window.tumbling')?.paramsSchema).toMatchObject({ type: 'object' });
  });

  it('POST /api/validate answers ok for an example and names the errors of a broken one', async () => {
    const good = await call({
      method: 'POST',
      url: '/api/validate',
      payload: example('sensor-averages.json'),
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ ok: true, errors: [] });

    const broken = example('sensor-averages.json');
    byId(broken, 'avg-5s').kind = 'window.tumblin';
    const bad = await call({ method: 'POST', url: '/api/validate', payload: broken });
    expect(bad.statusCode).toBe(200);
    expect(bad.json().ok).toBe(false);
    expect(bad.json().errors[0]).toMatchObject({ node: 'avg-5s', path: 'kind' });
  });

  it('POST /api/validate refuses a body that is not JSON', async () => {
    const res = await call({
      method: 'POST',
      url: '/api/validate',
      payload: '{"version":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad-request');
  });

  it('serves /docs and the OpenAPI description of every route', async () => {
    const page = await call({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const spec = (await call({ method: 'GET', url: '/docs/json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/pipelines',
      '/api/pipelines/{id}/start',
      '/api/runs/{id}',
      '/api/ingest/{pipelineId}/{nodeId}',
    ])
      expect(Object.keys(spec.paths)).toContain(p);
  });

  it('answers unknown API paths with a JSON 404 and other pages with the app', async () => {
    const api = await call({ method: 'GET', url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error).toBe('not-found');
    const page = await call({ method: 'GET', url: '/pipelines/abc' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });
});

describe('pipelines', () => {
  it('creates with a unique slug id, stores one file per pipeline, lists, reads, replaces and deletes', async () => {
    expect((await call({ method: 'GET', url: '/api/pipelines' })).json()).toEqual({ pipelines: [] });

    const doc = example('user-sessions.json');
    const first = await call({ method: 'POST', url: '/api/pipelines', payload: doc });
    expect(first.statusCode).toBe(201);
    expect(first.json().id).toBe('user-sessions-session-window');
    const second = await call({ method: 'POST', url: '/api/pipelines', payload: doc });
    expect(second.json().id).toBe('user-sessions-session-window-2');

    const files = readdirSync(path.join(data.dir, 'pipelines'))
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(['user-sessions-session-window-2.json', 'user-sessions-session-window.json']);
    const stored = JSON.parse(readFileSync(path.join(data.dir, 'pipelines', files[1]!), 'utf8'));
    expect(stored.nodes).toEqual(doc.nodes);

    const list = (await call({ method: 'GET', url: '/api/pipelines' })).json().pipelines;
    expect(list.map((p: { id: string; name: string }) => [p.id, p.name])).toEqual([
      ['user-sessions-session-window', doc.name],
      ['user-sessions-session-window-2', doc.name],
    ]);

    const got = await call({ method: 'GET', url: '/api/pipelines/user-sessions-session-window' });
    expect(got.statusCode).toBe(200);
    expect(got.json().document.name).toBe(doc.name);
    expect(typeof got.json().updatedAt).toBe('number');

    const renamed = { ...doc, name: 'Renamed' };
    const put = await call({
      method: 'PUT',
      url: '/api/pipelines/user-sessions-session-window',
      payload: renamed,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().document.name).toBe('Renamed');

    const created = await call({ method: 'PUT', url: '/api/pipelines/brand-new', payload: doc });
    expect(created.statusCode).toBe(200);
    expect((await call({ method: 'GET', url: '/api/pipelines/brand-new' })).statusCode).toBe(200);

    const del = await call({ method: 'DELETE', url: '/api/pipelines/brand-new' });
    expect(del.statusCode).toBe(204);
    expect((await call({ method: 'GET', url: '/api/pipelines/brand-new' })).statusCode).toBe(404);
    expect((await call({ method: 'DELETE', url: '/api/pipelines/brand-new' })).statusCode).toBe(404);
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(path.join(data.dir, 'pipelines')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses invalid documents with the validation issues', async () => {
    const broken = example('sensor-averages.json');
    byId(broken, 'avg-5s').params.sizeMs = -5;
    broken.edges.push({ id: 'e9', source: 'avg-5s', target: 'nowhere' });
    for (const [method, url] of [
      ['POST', '/api/pipelines'],
      ['PUT', '/api/pipelines/x'],
    ] as const) {
      const res = await call({ method, url, payload: broken });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.error).toBe('invalid-document');
      expect(body.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ node: 'avg-5s', path: 'params.sizeMs' }),
          expect.objectContaining({ edge: 'e9' }),
        ]),
      );
    }
    expect((await call({ method: 'GET', url: '/api/pipelines' })).json().pipelines).toEqual([]);
  });

  it('refuses bodies that are not documents and ids that are not slugs', async () => {
    const arr = await call({ method: 'POST', url: '/api/pipelines', payload: [1, 2] });
    expect(arr.statusCode).toBe(400);
    const badId = await call({ method: 'GET', url: '/api/pipelines/..%2F..%2Fetc' });
    expect(badId.statusCode).toBe(400);
    const upper = await call({
      method: 'PUT',
      url: '/api/pipelines/Upper',
      payload: example('page-counts.json'),
    });
    expect(upper.statusCode).toBe(400);
    expect((await call({ method: 'GET', url: '/api/pipelines/missing' })).statusCode).toBe(404);
  });

  it('refuses documents over the body limit with 413', async () => {
    const doc = generatorPipeline();
    const res = await call({
      method: 'POST',
      url: '/api/pipelines',
      payload: { ...doc, description: 'x'.repeat(1024 * 1024 + 10) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('body-too-large');
  });
});

describe('runs', () => {
  it('starts, refuses a second start, reports metrics, stops', async () => {
    await call({ method: 'PUT', url: '/api/pipelines/gen', payload: generatorPipeline() });
    const start = await call({ method: 'POST', url: '/api/pipelines/gen/start' });
    expect(start.statusCode).toBe(201);
    const run = start.json().run;
    expect(run).toMatchObject({ pipeline: 'gen', state: 'running' });

    const again = await call({ method: 'POST', url: '/api/pipelines/gen/start' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'already-running', run: { id: run.id } });

    const runs = (await call({ method: 'GET', url: '/api/runs' })).json().runs;
    expect(runs.map((r: { id: string }) => r.id)).toContain(run.id);

    const metrics = await until(async () => {
      const res = await call({ method: 'GET', url: `/api/runs/${run.id}` });
      const m = res.json().metrics;
      return m.nodes.table.in > 0 ? m : undefined;
    }, 'events at the table');
    expect(metrics).toMatchObject({ run: run.id, pipeline: 'gen', state: 'running', timeMode: 'processing' });
    expect(metrics.nodes.gen.out).toBeGreaterThan(0);

    const stop = await call({ method: 'POST', url: '/api/pipelines/gen/stop' });
    expect(stop.statusCode).toBe(200);
    expect(stop.json().run).toMatchObject({ id: run.id, state: 'stopped' });
    expect(typeof stop.json().run.endedAt).toBe('number');
    expect((await call({ method: 'POST', url: '/api/pipelines/gen/stop' })).statusCode).toBe(404);
    expect((await call({ method: 'GET', url: `/api/runs/${run.id}` })).json().run.state).toBe('stopped');
  });

  it('a server shut down with a running pipeline resumes the same run when it starts again', async () => {
    await call({ method: 'PUT', url: '/api/pipelines/gen', payload: generatorPipeline() });
    const run = (await call({ method: 'POST', url: '/api/pipelines/gen/start' })).json().run;
    await until(() => server.runs.get(run.id)!.metrics.nodes.gen!.out > 0, 'events');
    await server.close();
    // The checkpoint the shutdown wrote is emptied: the run resumes from the one before, and says so.
    const runDir = path.join(data.dir, 'runs/gen');
    const newest = readdirSync(runDir)
      .filter((f) => f.endsWith('.ckpt'))
      .sort()
      .at(-1)!;
    writeFileSync(path.join(runDir, newest), '');
    const warning = expect.stringMatching(
      /^checkpoint \d+ is damaged \(empty file\): resumed from checkpoint \d+$/,
    );
    server = await testServer(data.dir);
    expect(server.runs.list()).toEqual([]);
    const resumed = await server.runs.resumeInterrupted();
    expect(resumed).toEqual([expect.objectContaining({ id: run.id, pipeline: 'gen', state: 'running' })]);
    expect((await call({ method: 'GET', url: `/api/runs/${run.id}` })).json().run).toMatchObject({
      state: 'running',
      warnings: [warning],
    });
    await until(() => server.runs.get(run.id)!.metrics.nodes.gen!.out > 0, 'events after the resume');
    await call({ method: 'POST', url: '/api/pipelines/gen/stop' });
    // Stopped on purpose: not resumed again, but still listed with its final metrics.
    await server.close();
    server = await testServer(data.dir);
    expect(await server.runs.resumeInterrupted()).toEqual([]);
    await server.runs.loadHistory();
    const old = (await call({ method: 'GET', url: `/api/runs/${run.id}` })).json();
    expect(old.run).toMatchObject({
      id: run.id,
      state: 'stopped',
      endedAt: expect.any(Number),
      warnings: [warning],
    });
    expect(old.metrics.nodes.gen.out).toBeGreaterThan(0);
  });

  it('a run whose input file is missing fails with the reason instead of crashing', async () => {
    const doc = {
      version: 1,
      name: 'Missing input',
      nodes: [
        { id: 'replay', kind: 'source.file-replay', params: { path: 'input/missing.jsonl' } },
        { id: 'log', kind: 'sink.event-log', params: {} },
      ],
      edges: [{ id: 'e1', source: 'replay', target: 'log' }],
    };
    await call({ method: 'PUT', url: '/api/pipelines/missing', payload: doc });
    const run = (await call({ method: 'POST', url: '/api/pipelines/missing/start' })).json().run;
    const failed = await until(async () => {
      const r = (await call({ method: 'GET', url: `/api/runs/${run.id}` })).json().run;
      return r.state === 'failed' ? r : undefined;
    }, 'the run to fail');
    expect(failed.error).toMatch(/file-replay replay: cannot read .*missing\.jsonl: ENOENT/);
    expect((await call({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('runs every example, each reading its source and stopping cleanly', async () => {
    for (const name of EXAMPLE_FILES) {
      const doc = example(name);
      const id = name.replace('.json', '');
      expect((await call({ method: 'PUT', url: `/api/pipelines/${id}`, payload: doc })).statusCode).toBe(200);
      const start = await call({ method: 'POST', url: `/api/pipelines/${id}/start` });
      expect(start.statusCode, name).toBe(201);
      const source = doc.nodes.find((n: { kind: string }) => n.kind.startsWith('source.')).id;
      await until(async () => {
        const m = (await call({ method: 'GET', url: `/api/runs/${start.json().run.id}` })).json().metrics;
        return m.nodes[source].out > 0;
      }, `${name} to produce events`);
      const stop = await call({ method: 'POST', url: `/api/pipelines/${id}/stop` });
      expect(stop.json().run.state, name).toBe('stopped');
    }
  });

  it('answers 404 for unknown pipelines and runs', async () => {
    expect((await call({ method: 'POST', url: '/api/pipelines/none/start' })).statusCode).toBe(404);
    expect((await call({ method: 'GET', url: '/api/runs/none' })).statusCode).toBe(404);
  });

  it('deleting a running pipeline stops its run first', async () => {
    await call({ method: 'PUT', url: '/api/pipelines/gen', payload: generatorPipeline() });
    const run = (await call({ method: 'POST', url: '/api/pipelines/gen/start' })).json().run;
    expect((await call({ method: 'DELETE', url: '/api/pipelines/gen' })).statusCode).toBe(204);
    expect((await call({ method: 'GET', url: `/api/runs/${run.id}` })).json().run.state).toBe('stopped');
  });
});

describe('ingest', () => {
  const post = (payload: unknown, headers: Record<string, string> = {}, url = '/api/ingest/ing/in') =>
    call({ method: 'POST', url, payload: payload as never, headers });

  async function startIngest(maxQueue = 1000): Promise<string> {
    await call({ method: 'PUT', url: '/api/pipelines/ing', payload: ingestPipeline(maxQueue) });
    return (await call({ method: 'POST', url: '/api/pipelines/ing/start' })).json().run.id;
  }

  it('accepts an object, an array and NDJSON, and every accepted event reaches the sink', async () => {
    const runId = await startIngest();
    expect((await post({ n: 1 })).json()).toEqual({ accepted: 1 });
    const arr = await post([{ n: 2 }, { n: 3 }]);
    expect(arr.statusCode).toBe(202);
    expect(arr.json()).toEqual({ accepted: 2 });
    const nd = await post('{"n":4}\n\n{"n":5}\n', { 'content-type': 'application/x-ndjson' });
    expect(nd.json()).toEqual({ accepted: 2 });
    await until(async () => {
      const m = (await call({ method: 'GET', url: `/api/runs/${runId}` })).json().metrics;
      return m.nodes.log.in === 5;
    }, 'five events at the sink');
  });

  it('names the bad line or item and accepts nothing of that body', async () => {
    const runId = await startIngest();
    const nd = await post('{"n":1}\n{"n":\n', { 'content-type': 'application/x-ndjson' });
    expect(nd.statusCode).toBe(400);
    expect(nd.json().message).toMatch(/^line 2: /);
    const arr = await post([{ n: 1 }, 7]);
    expect(arr.statusCode).toBe(400);
    expect(arr.json()).toMatchObject({
      error: 'bad-event',
      message: '1: an event must be a JSON object, got a number',
      path: '1',
    });
    const scalar = await post('"x"', { 'content-type': 'application/json' });
    expect(scalar.statusCode).toBe(400);
    await new Promise((r) => setTimeout(r, 50));
    const m = (await call({ method: 'GET', url: `/api/runs/${runId}` })).json().metrics;
    expect(m.nodes.in.out).toBe(0);
  });

  it('refuses non-finite numbers with the field path instead of writing them as null', async () => {
    const runId = await startIngest();
    const json = { 'content-type': 'application/json' };
    const one = await post('{"v":1e400}', json);
    expect(one.statusCode).toBe(400);
    expect(one.json()).toMatchObject({
      error: 'bad-event',
      path: 'v',
      message: expect.stringMatching(/^v: Infinity/),
    });
    const arr = await post('[{"v":1},{"v":-1e999}]', json);
    expect(arr.statusCode).toBe(400);
    expect(arr.json()).toMatchObject({ path: '1.v' });
    const nd = await post('{"v":1}\n{"w":{"v":1e400}}\n', { 'content-type': 'application/x-ndjson' });
    expect(nd.json()).toMatchObject({ path: 'w.v', line: 2 });
    expect((await post('{"v":1.5}', json)).statusCode).toBe(202);
    await until(async () => {
      const m = (await call({ method: 'GET', url: `/api/runs/${runId}` })).json().metrics;
      return m.nodes.log.in === 1;
    }, 'only the good event at the sink');
  });

  it("applies the document's settings.limits", async () => {
    const doc = ingestPipeline();
    doc.settings = { ...doc.settings, limits: { maxDepth: 2, maxEventBytes: 100 } };
    await call({ method: 'PUT', url: '/api/pipelines/ing', payload: doc });
    await call({ method: 'POST', url: '/api/pipelines/ing/start' });
    const deep = await post({ a: { b: { c: 1 } } });
    expect(deep.statusCode).toBe(400);
    expect(deep.json()).toMatchObject({ path: 'a.b', message: 'a.b: nested deeper than 2 levels' });
    const big = await post({ s: 'x'.repeat(200) });
    expect(big.json()).toMatchObject({ path: '', message: 'the event is larger than 100 bytes' });
    expect((await post({ a: { b: 1 } })).statusCode).toBe(202);
  });

  it('answers 413 over the ingest size limit', async () => {
    await startIngest();
    const res = await post({ big: 'x'.repeat(5000) });
    expect(res.statusCode).toBe(413);
  });

  it('answers 429 with Retry-After when the queue cannot take the batch', async () => {
    await startIngest(3);
    const res = await post([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json().error).toBe('queue-full');
    expect((await post([{ n: 1 }, { n: 2 }, { n: 3 }])).statusCode).toBe(202);
  });

  it('answers 404 when the pipeline is not running or the node is not an http-ingest', async () => {
    expect((await post({ n: 1 })).statusCode).toBe(404);
    await startIngest();
    expect((await post({ n: 1 }, {}, '/api/ingest/ing/log')).statusCode).toBe(404);
    expect((await post({ n: 1 }, {}, '/api/ingest/other/in')).statusCode).toBe(404);
  });
});
