import { LIVE_PROTOCOL_VERSION, type LiveTopic, type ServerMessage } from '@eventide/shared';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

type Listener = (msg: ServerMessage) => void;

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;
const PING_EVERY_MS = 15_000;

/**
 * The /api/live websocket: keeps its subscriptions across reconnects, reconnecting with
 * exponential backoff (and jitter) when the server goes away, e.g. on a restart.
 */
export class LiveSocket {
  private ws: WebSocket | null = null;
  private readonly subs = new Map<string, { topic: LiveTopic; listener: Listener }>();
  private backoff = MIN_BACKOFF_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private nextSub = 1;
  private closed = false;
  /** True between the server's welcome and the connection closing: only then may we subscribe. */
  private ready = false;

  constructor(
    private readonly url: string,
    private readonly onState: (state: ConnectionState) => void,
  ) {
    this.connect();
  }

  subscribe(topic: LiveTopic, listener: Listener): () => void {
    const sub = `s${this.nextSub++}`;
    this.subs.set(sub, { topic, listener });
    this.send({ v: LIVE_PROTOCOL_VERSION, type: 'subscribe', sub, topic });
    return () => {
      if (!this.subs.delete(sub)) return;
      this.send({ v: LIVE_PROTOCOL_VERSION, type: 'unsubscribe', sub });
    };
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.ws?.close();
  }

  private connect(): void {
    this.onState(this.ws ? 'reconnecting' : 'connecting');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onmessage = (ev) => this.receive(ev.data);
    ws.onclose = () => {
      this.ready = false;
      if (this.pingTimer) clearInterval(this.pingTimer);
      if (this.closed) return;
      this.onState('reconnecting');
      const delay = this.backoff * (0.75 + Math.random() * 0.5);
      this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
    ws.onerror = () => ws.close();
  }

  private receive(data: unknown): void {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(data)) as ServerMessage;
    } catch {
      return;
    }
    if (msg.type === 'welcome') {
      this.backoff = MIN_BACKOFF_MS;
      this.ready = true;
      this.onState('open');
      // Subscriptions outlive a connection: renew them all on every (re)connect.
      for (const [sub, { topic }] of this.subs)
        this.send({ v: LIVE_PROTOCOL_VERSION, type: 'subscribe', sub, topic });
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = setInterval(
        () => this.send({ v: LIVE_PROTOCOL_VERSION, type: 'ping' }),
        PING_EVERY_MS,
      );
      return;
    }
    const sub = 'sub' in msg ? msg.sub : undefined;
    if (sub === undefined) return;
    this.subs.get(sub)?.listener(msg);
  }

  private send(msg: unknown): void {
    if (this.ready && this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }
}

export function liveUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/live`;
}
