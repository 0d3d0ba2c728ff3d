import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ConnectionState, LiveSocket } from './live-socket';

/** A stand-in for the browser WebSocket that the test drives by hand. */
class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: any[] = [];
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  /** The server accepts the connection and says welcome. */
  accept() {
    this.readyState = 1;
    this.onmessage?.({ data: JSON.stringify({ type: 'welcome', v: 1 }) });
  }
  push(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter: waits of exactly 250, 500, 1000 ms...
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('LiveSocket', () => {
  it('subscribes after welcome, routes messages by sub, and unsubscribes', () => {
    const states: ConnectionState[] = [];
    const live = new LiveSocket('ws://x/api/live', (s) => states.push(s));
    const got: unknown[] = [];
    const off = live.subscribe({ kind: 'metrics', run: 'r1' }, (m) => got.push(m));
    const ws = FakeSocket.all[0]!;
    expect(ws.sent).toEqual([]); // not before the welcome
    ws.accept();
    expect(ws.sent).toEqual([{ v: 1, type: 'subscribe', sub: 's1', topic: { kind: 'metrics', run: 'r1' } }]);
    ws.push({ type: 'pong' });
    ws.push({ type: 'tap', sub: 's9', run: 'r1', edge: 'e', events: [] });
    ws.push({ type: 'run-state', sub: 's1', run: 'r1', state: 'running' });
    expect(got).toEqual([{ type: 'run-state', sub: 's1', run: 'r1', state: 'running' }]);
    off();
    expect(ws.sent.at(-1)).toEqual({ v: 1, type: 'unsubscribe', sub: 's1' });
    expect(states).toEqual(['connecting', 'open']);
    live.close();
  });

  it('reconnects with growing backoff after the server goes away, and renews every subscription', () => {
    const states: ConnectionState[] = [];
    const live = new LiveSocket('ws://x/api/live', (s) => states.push(s));
    live.subscribe({ kind: 'sink', run: 'r1', node: 'chart' }, () => {});
    FakeSocket.all[0]!.accept();

    FakeSocket.all[0]!.close(); // server restart
    expect(states.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(400); // first retry after 250 ms
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.close(); // still down
    vi.advanceTimersByTime(400);
    expect(FakeSocket.all).toHaveLength(2); // the second wait is longer: 500 ms
    vi.advanceTimersByTime(300);
    expect(FakeSocket.all).toHaveLength(3);

    const ws = FakeSocket.all[2]!;
    ws.accept();
    expect(states.at(-1)).toBe('open');
    expect(ws.sent).toEqual([
      { v: 1, type: 'subscribe', sub: 's1', topic: { kind: 'sink', run: 'r1', node: 'chart' } },
    ]);
    live.close();
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(3); // closed on purpose: no more retries
  });
});
