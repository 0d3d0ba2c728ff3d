import type { AddressInfo } from 'node:net';
import type { ServerMessage } from '@eventide/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventideServer } from '../src/app.js';
import { generatorPipeline, stored, tempDir, testServer, until } from './helpers.js';

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
