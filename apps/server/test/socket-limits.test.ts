/**
 * Websocket limits of /api/live and websocket ingest: maxPayload (1 MiB by default; here 64 KiB),
 * subscriptions per connection, and messages per second per connection (an error with the reason,
 * then a close with 1008 when the client keeps it up). Loopback only; the server stops in afterAll.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventideServer } from '../src/app.js';
import { configFromEnv } from '../src/config.js';
import { chainPipeline, stored, tempDir, testServer, until } from './helpers.js';

let server: EventideServer;
let data: { dir: string; cleanup: () => void };
let base: string;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  data = tempDir();
  server = await testServer(data.dir, {
    port: 0,
    wsMaxPayload: 64 * 1024,
    liveMessageRate: { perSecond: 300, graceMs: 400 },
    ingestMessageRate: { perSecond: 20, graceMs: 400 },
  });
  await server.listen();
  base = `127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  await server.store.put(
    'wsin',
    stored(
      chainPipeline('Ws ingest', [
        { id: 'in', kind: 'source.websocket-ingest', params: {} },
        { id: 'log', kind: 'sink.event-log', params: { maxEvents: 1000 } },
      ]),
    ),
  );
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/pipelines/wsin/start',
    headers: { host: base },
  });
  expect(res.statusCode).toBe(201);
});
afterAll(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await server.close();
  data.cleanup();
});

type Socket = { ws: WebSocket; messages: Record<string, unknown>[]; closed: Promise<number> };

async function open(path: string): Promise<Socket> {
  const ws = new WebSocket(`ws://${base}${path}`);
  sockets.push(ws);
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}

const subscribe = (s: Socket, sub: string) =>
  s.ws.send(JSON.stringify({ v: 1, type: 'subscribe', sub, topic: { kind: 'channel', channel: `c${sub}` } }));

/** Sends `n` messages every 10 ms until the socket closes (or 3 s pass). */
async function flood(s: Socket, send: () => void, n = 20): Promise<number> {
  const timer = setInterval(() => {
    if (s.ws.readyState === WebSocket.OPEN) for (let i = 0; i < n; i++) send();
  }, 10);
  try {
    return await Promise.race([s.closed, new Promise<number>((r) => setTimeout(() => r(-1), 3000))]);
  } finally {
    clearInterval(timer);
  }
}

describe('websocket limits', () => {
  it('defaults to a 1 MiB maxPayload', () => {
    expect(configFromEnv({}, '/').wsMaxPayload).toBe(1024 * 1024);
  });

  it('closes a /api/live or ingest socket that sends a message over maxPayload (1009)', async () => {
    const live = await open('/api/live');
    live.ws.send('x'.repeat(65 * 1024));
    expect(await live.closed).toBe(1009);
    const ingest = await open('/api/ingest/wsin/in/ws');
    ingest.ws.send(JSON.stringify({ s: 'x'.repeat(65 * 1024) }));
    expect(await ingest.closed).toBe(1009);
  });

  it('caps subscriptions per /api/live connection', async () => {
    const live = await open('/api/live');
    for (let i = 0; i < 257; i++) subscribe(live, String(i));
    await until(() => live.messages.some((m) => m.type === 'error'), 'the refusal');
    expect(live.messages.filter((m) => m.type === 'error')).toEqual([
      { type: 'error', sub: '256', code: 'too-many-subscriptions', message: 'at most 256' },
    ]);
  });

  it('answers /api/live messages over the rate with an error, then closes with 1008 when it persists', async () => {
    const live = await open('/api/live');
    const code = await flood(live, () => live.ws.send(JSON.stringify({ v: 1, type: 'ping' })));
    expect(code).toBe(1008);
    const errors = live.messages.filter((m) => m.type === 'error');
    expect(errors[0]).toEqual({
      type: 'error',
      code: 'rate-limited',
      message: 'over 300 messages per second',
    });
    expect(live.messages.filter((m) => m.type === 'pong').length).toBeGreaterThanOrEqual(300);
  });

  it('answers every websocket ingest message over the rate, then closes with 1008 when it persists', async () => {
    const ingest = await open('/api/ingest/wsin/in/ws');
    for (let i = 0; i < 25; i++) ingest.ws.send(JSON.stringify({ i }));
    await until(() => ingest.messages.length === 25, 'a reply per message');
    // a second's worth (20) passes at once, plus what refills while the messages arrive
    const accepted = ingest.messages.filter((m) => m.accepted === 1).length;
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(accepted).toBeLessThan(25);
    expect(ingest.messages.filter((m) => m.accepted !== 1)).toEqual(
      Array(25 - accepted).fill({
        error: 'rate-limited',
        message: 'over 20 messages per second',
        retryAfterSec: 1,
      }),
    );
    expect(await flood(ingest, () => ingest.ws.send('{"x":1}'), 2)).toBe(1008);
  });

  it('a polite client is never limited', async () => {
    const ingest = await open('/api/ingest/wsin/in/ws');
    for (let i = 0; i < 30; i++) {
      ingest.ws.send(JSON.stringify({ i }));
      await new Promise((r) => setTimeout(r, 60));
    }
    await until(() => ingest.messages.length === 30, 'a reply per message');
    expect(ingest.messages.every((m) => m.accepted === 1)).toBe(true);
  });
});
