import type { ServerMessage } from '@eventide/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { LiveClient } from '../src/live/live-client.js';
import { serializeMessage } from '../src/live/serialize.js';

/** A socket whose send buffer the test controls. */
function fakeSocket() {
  const sent: ServerMessage[] = [];
  const ws = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    closedWith: undefined as number | undefined,
    send: (text: string) => sent.push(JSON.parse(text)),
    close(code: number) {
      this.closedWith = code;
      this.readyState = 3;
    },
    terminate() {},
  };
  return { ws, sent };
}

const limits = { softBytes: 1000, hardBytes: 10_000, stuckMs: 60_000, drainCheckMs: 10 };

/** A LiveClient on a fake socket. */
function fakeClient(clientLimits = limits) {
  const { ws, sent } = fakeSocket();
  return { ws, sent, client: new LiveClient(ws as unknown as WebSocket, clientLimits) };
}

const result = (n: number[]): ServerMessage => ({
  type: 'result',
  sub: 's',
  run: 'r',
  node: 'n',
  events: n.map((v) => ({ v })),
});

describe('LiveClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends directly while the socket keeps up', () => {
    const { sent, client } = fakeClient();
    client.update('s', result([1]));
    client.update('s', result([2]));
    expect(sent).toEqual([result([1]), result([2])]);
  });

  it('conflates per subscription behind a full buffer, tells the client once, and flushes when it drains', () => {
    const { ws, sent, client } = fakeClient();
    ws.bufferedAmount = 5000;
    client.update('s', result([1]));
    client.update('s', result([2, 3]));
    const metrics = (n: number): ServerMessage => ({
      type: 'metrics',
      sub: 'm',
      metrics: { run: String(n) } as never,
    });
    client.update('m', metrics(1));
    client.update('m', metrics(2));
    expect(sent).toEqual([expect.objectContaining({ type: 'notice', code: 'conflated' })]);
    expect(client.pendingUpdates()).toBe(2);

    vi.advanceTimersByTime(50);
    expect(sent).toHaveLength(1);

    ws.bufferedAmount = 0;
    vi.advanceTimersByTime(20);
    expect(sent.slice(1)).toEqual([result([1, 2, 3]), metrics(2)]);
    expect(client.pendingUpdates()).toBe(0);

    // Caught up: sending directly again.
    client.update('s', result([4]));
    expect(sent.at(-1)).toEqual(result([4]));
  });

  it('keeps only the newest events of merged results, so memory stays bounded', () => {
    const { ws, sent, client } = fakeClient();
    ws.bufferedAmount = 5000;
    for (let i = 0; i < 3000; i++) client.update('s', result([i]));
    ws.bufferedAmount = 0;
    vi.advanceTimersByTime(20);
    const merged = sent[1] as Extract<ServerMessage, { type: 'result' }>;
    expect(merged.events).toHaveLength(1000);
    expect(merged.events[0]).toEqual({ v: 2000 });
    expect(merged.events.at(-1)).toEqual({ v: 2999 });
  });

  it('keeps a pending run-state beside pending results of the same subscription', () => {
    const { ws, sent, client } = fakeClient();
    ws.bufferedAmount = 5000;
    client.update('s', result([1]));
    const ended: ServerMessage = { type: 'run-state', sub: 's', run: 'r', state: 'finished' };
    client.update('s', ended);
    ws.bufferedAmount = 0;
    vi.advanceTimersByTime(20);
    expect(sent.slice(1)).toEqual([result([1]), ended]);
  });

  it('closes a client past the hard bound, or stuck behind for too long', () => {
    const hard = fakeClient();
    const c1 = hard.client;
    hard.ws.bufferedAmount = 20_000;
    c1.update('s', result([1]));
    vi.advanceTimersByTime(20);
    expect(hard.sent.at(-1)).toMatchObject({ type: 'notice', code: 'closing-slow-client' });
    expect(hard.ws.closedWith).toBe(4008);
    expect(c1.closedSlow).toBe(true);

    const stuck = fakeClient({ ...limits, stuckMs: 500 });
    const c2 = stuck.client;
    stuck.ws.bufferedAmount = 900;
    c2.update('s', result([1]));
    stuck.ws.bufferedAmount = 2000;
    c2.update('s', result([2]));
    vi.advanceTimersByTime(400);
    expect(c2.isClosed).toBe(false);
    vi.advanceTimersByTime(200);
    expect(c2.isClosed).toBe(true);
    expect(stuck.sent.at(-1)).toMatchObject({ type: 'notice', code: 'closing-slow-client' });
  });
});

describe('serializeMessage', () => {
  it('is the JSON of the message, and serializes a shared event list once', () => {
    const events = [{ a: 1, s: 'x"y' }, { b: [1, 2] }];
    const one: ServerMessage = { type: 'result', sub: 'a', run: 'r', node: 'n', events, replay: true };
    const two: ServerMessage = { type: 'channel', sub: 'b', channel: 'c', events };
    expect(JSON.parse(serializeMessage(one))).toEqual(one);
    expect(JSON.parse(serializeMessage(two))).toEqual(two);
    expect(JSON.parse(serializeMessage({ type: 'pong' }))).toEqual({ type: 'pong' });
    const spy = vi.spyOn(JSON, 'stringify');
    for (let i = 0; i < 10; i++) serializeMessage({ ...one, sub: `s${i}` });
    const withEvents = spy.mock.calls.filter(([v]) => v === events).length;
    spy.mockRestore();
    expect(withEvents).toBe(0);
  });
});
