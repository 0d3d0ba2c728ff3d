import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type LiveCepState, loadDocument, type ServerMessage } from '@eventide/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventideServer } from '../src/app.js';
import { EXAMPLES, generatorPipeline, stored, tempDir, testServer, until } from './helpers.js';

let server: EventideServer;
let data: { dir: string; cleanup: () => void };
let base: string;
let ws: WebSocket | undefined;

beforeEach(async () => {
  data = tempDir();
  // A metrics interval far longer than the test: any metrics it sees crossed with the results.
  server = await testServer(data.dir, { port: 0, metricsIntervalMs: 60_000 });
  await server.listen();
  base = `127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  ws?.terminate();
  await server.close();
  data.cleanup();
});

/** Starts the generator pipeline and connects a live client to it. */
async function startAndConnect() {
  await server.store.put('gen', stored(generatorPipeline('Gen')));
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/pipelines/gen/start',
    headers: { host: base },
  });
  const run = res.json().run.id as string;
  ws = new WebSocket(`ws://${base}/api/live`);
  const messages: ServerMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  await until(() => messages.length > 0, 'welcome');
  const send = (msg: object) => ws?.send(JSON.stringify({ v: 1, ...msg }));
  return { run, messages, send };
}

const stop = () =>
  server.app.inject({ method: 'POST', url: '/api/pipelines/gen/stop', headers: { host: base } });

describe('counts and results of a sink', () => {
  it('a sink never shows rows its counts have not reached: metrics cross with its first results', async () => {
    const { run, messages, send } = await startAndConnect();
    send({ type: 'subscribe', sub: 'm', topic: { kind: 'metrics', run } });
    send({ type: 'subscribe', sub: 'table', topic: { kind: 'sink', run, node: 'table' } });

    const live = () => messages.findIndex((m) => m.type === 'result' && !m.replay);
    await until(() => live() >= 0, 'the first live results');
    // The metrics that follow the first live results count at least the rows shown so far.
    const after = () =>
      messages
        .slice(live())
        .find((m): m is Extract<ServerMessage, { type: 'metrics' }> => m.type === 'metrics');
    await until(() => after() !== undefined, 'metrics with the results (the interval is 60 s)');
    const at = messages.indexOf(after()!);
    const rows = messages
      .slice(0, at)
      .reduce((n, m) => n + (m.type === 'result' && !m.replay ? m.events.length : 0), 0);
    expect(rows).toBeGreaterThan(0);
    expect(after()!.metrics.nodes.table?.in).toBeGreaterThanOrEqual(rows);
    await stop();
  });
});

describe('filtered taps', () => {
  it('a tap with a CEL filter samples only matching events; a bad filter is refused, naming the problem', async () => {
    const { run, messages, send } = await startAndConnect();
    send({ type: 'subscribe', sub: 'all', topic: { kind: 'tap', run, edge: 'e1' } });
    send({
      type: 'subscribe',
      sub: 'one',
      topic: { kind: 'tap', run, edge: 'e1', filter: 'sensor == "sensor-1"' },
    });
    send({ type: 'subscribe', sub: 'bad', topic: { kind: 'tap', run, edge: 'e1', filter: 'temp > 30' } });
    const tapped = (sub: string) =>
      messages.flatMap((m) => (m.type === 'tap' && m.sub === sub ? (m.events as { sensor: string }[]) : []));
    await until(() => tapped('one').length >= 5 && tapped('all').length >= 5, 'sampled events of both taps');
    expect(new Set(tapped('one').map((e) => e.sensor))).toEqual(new Set(['sensor-1']));
    expect(new Set(tapped('all').map((e) => e.sensor)).size).toBeGreaterThan(1);
    const refused = messages.find((m) => m.type === 'error' && m.sub === 'bad');
    expect(refused).toMatchObject({ code: 'bad-filter', message: expect.stringMatching(/edge e1: .*temp/) });
    await stop();
  });
});

describe('the live CEP inspector', () => {
  it("reads a running pattern's partial matches per step and per key, bounded, with matches per second", async () => {
    const loaded = loadDocument(
      JSON.parse(readFileSync(path.join(EXAMPLES, 'brute-force-logins.json'), 'utf8')),
    );
    if (!loaded.ok) throw new Error('the login template does not load');
    await server.store.put('logins', loaded.document);
    const headers = { host: base };
    const started = await server.app.inject({ method: 'POST', url: '/api/pipelines/logins/start', headers });
    const run = started.json().run.id as string;
    const url = `/api/runs/${run}/nodes/three-failures/cep-state`;
    const read = async () => {
      const res = await server.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode).toBe(200);
      return res.json() as LiveCepState;
    };
    const first = await read();
    expect(first.matchesPerSec).toBeNull();
    const state = await until(
      async () => {
        const s = await read();
        return s.partials > 0 && s.matchesPerSec !== null && s.matches > 0 ? s : null;
      },
      'open partial matches and a match',
      20_000,
    );
    expect(state.perStep.reduce((a, b) => a + b, 0)).toBe(state.partials);
    expect(state.oldest.length).toBeGreaterThan(0);
    expect(state.oldest.length).toBeLessThanOrEqual(50);
    const partial = state.oldest[0]!.partials[0]!;
    expect(partial.events[0]!.event).toMatchObject({ user: state.oldest[0]!.key, type: 'fail' });
    // the template's timeout port has no edge: timeouts are not built, and the view says so
    expect(state.timeouts).toBeNull();

    const bad = await server.app.inject({
      method: 'GET',
      url: `/api/runs/${run}/nodes/alerts/cep-state`,
      headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/alerts.*not a cep.pattern/);
    const missing = await server.app.inject({
      method: 'GET',
      url: `/api/runs/${run}/nodes/nope/cep-state`,
      headers,
    });
    expect(missing.statusCode).toBe(404);
    await server.app.inject({ method: 'POST', url: '/api/pipelines/logins/stop', headers });
    const after = await server.app.inject({ method: 'GET', url, headers });
    expect(after.statusCode).toBe(404);
    expect(after.json().error).toBe('not-running');
  });
});
