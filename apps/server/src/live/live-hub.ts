import {
  ClientMessageSchema,
  LIVE_PROTOCOL_VERSION,
  type LiveTopic,
  type ServerMessage,
} from '@eventide/shared';
import type { WebSocket } from 'ws';
import { MessageRate, type MessageRateLimits, POLICY_VIOLATION } from '../security/message-rate.js';
import { type BackpressureLimits, DEFAULT_LIMITS, LiveClient } from './live-client.js';
import { topicKey } from './topics.js';

/** What the hub asks the run manager when a client subscribes. */
export interface TopicResolver {
  /** An error message when the topic does not exist, else the latest state to send (may be empty). */
  onSubscribe(topic: LiveTopic, sub: string): { error: string; code?: string } | { initial: ServerMessage[] };
  /** The last subscription of `topic` ended (e.g. a tap nobody reads can stop sampling). */
  onIdle?(topic: LiveTopic): void;
}

const MAX_SUBS_PER_CLIENT = 256;
const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * The /api/live fan-out: clients subscribe to topics; publishers call `publish` with a message
 * builder that runs only when someone listens. Each client is a LiveClient with its own bounded
 * buffer, so one slow reader never delays the engine or another client.
 */
export class LiveHub {
  private readonly clients = new Set<LiveClient>();
  /** Clients dropped for reading too slowly, since the server started. */
  slowClientsClosed = 0;
  /** topic key -> (client -> sub ids of that client on the topic). */
  private readonly topics = new Map<string, Map<LiveClient, Set<string>>>();
  /** The topic behind each key of `topics`, for onIdle. */
  private readonly topicOf = new Map<string, LiveTopic>();

  constructor(
    private readonly resolver: TopicResolver,
    private readonly limits: BackpressureLimits = DEFAULT_LIMITS,
    private readonly messageRate: MessageRateLimits = { perSecond: 100, graceMs: 2000 },
  ) {}

  get clientCount(): number {
    return this.clients.size;
  }

  hasSubscribers(topic: string): boolean {
    return (this.topics.get(topic)?.size ?? 0) > 0;
  }

  /** Sends `build(sub)` to every subscription of `topic`. */
  publish(topic: string, build: (sub: string) => ServerMessage): void {
    const subscribers = this.topics.get(topic);
    if (!subscribers) return;
    for (const [client, subs] of subscribers) for (const sub of subs) client.update(sub, build(sub));
  }

  /** Takes over a freshly accepted /api/live socket. */
  attach(ws: WebSocket): LiveClient {
    const client = new LiveClient(ws, this.limits);
    this.clients.add(client);
    client.control({ type: 'welcome', v: LIVE_PROTOCOL_VERSION });
    const rate = new MessageRate(this.messageRate);
    ws.on('message', (data, isBinary) => {
      const verdict = rate.take();
      if (!verdict.ok) {
        if (verdict.close) client.close(POLICY_VIOLATION, verdict.reason);
        else if (verdict.notify)
          client.control({ type: 'error', code: 'rate-limited', message: verdict.reason });
        return;
      }
      const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
      if (isBinary || size > MAX_MESSAGE_BYTES) {
        client.control({
          type: 'error',
          code: 'bad-message',
          message: 'send JSON text messages under 64 KiB',
        });
        return;
      }
      this.onMessage(client, String(data));
    });
    ws.on('close', () => this.detach(client));
    ws.on('error', () => this.detach(client));
    return client;
  }

  closeAll(): void {
    for (const c of [...this.clients]) {
      c.close(1001, 'server shutting down');
      this.detach(c);
    }
  }

  private onMessage(client: LiveClient, text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      client.control({ type: 'error', code: 'bad-json', message: 'messages must be JSON' });
      return;
    }
    const parsed = ClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      client.control({
        type: 'error',
        code: 'bad-message',
        message: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'} (protocol v${LIVE_PROTOCOL_VERSION})`,
      });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'ping') client.control({ type: 'pong' });
    else if (msg.type === 'unsubscribe') this.unsubscribe(client, msg.sub);
    else this.subscribe(client, msg.sub, msg.topic);
  }

  private subscribe(client: LiveClient, sub: string, topic: LiveTopic): void {
    if (client.subs.has(sub)) this.unsubscribe(client, sub);
    if (client.subs.size >= MAX_SUBS_PER_CLIENT) {
      client.control({
        type: 'error',
        sub,
        code: 'too-many-subscriptions',
        message: `at most ${MAX_SUBS_PER_CLIENT}`,
      });
      return;
    }
    const resolved = this.resolver.onSubscribe(topic, sub);
    if ('error' in resolved) {
      client.control({ type: 'error', sub, code: resolved.code ?? 'unknown-topic', message: resolved.error });
      return;
    }
    const key = topicKey(topic);
    this.topicOf.set(key, topic);
    client.subs.set(sub, key);
    const subscribers = this.topics.get(key) ?? new Map<LiveClient, Set<string>>();
    this.topics.set(key, subscribers);
    const subs = subscribers.get(client) ?? new Set<string>();
    subscribers.set(client, subs);
    subs.add(sub);
    for (const m of resolved.initial) client.update(sub, m);
  }

  private unsubscribe(client: LiveClient, sub: string): void {
    const key = client.subs.get(sub);
    client.drop(sub);
    if (key === undefined) return;
    const subscribers = this.topics.get(key);
    const subs = subscribers?.get(client);
    subs?.delete(sub);
    if (subs?.size === 0) subscribers?.delete(client);
    if (subscribers?.size === 0) {
      this.topics.delete(key);
      const topic = this.topicOf.get(key);
      this.topicOf.delete(key);
      if (topic) this.resolver.onIdle?.(topic);
    }
  }

  /** The clients connected now (tests and diagnostics). */
  connected(): LiveClient[] {
    return [...this.clients];
  }

  private detach(client: LiveClient): void {
    if (!this.clients.delete(client)) return;
    if (client.closedSlow) this.slowClientsClosed++;
    for (const sub of [...client.subs.keys()]) this.unsubscribe(client, sub);
    client.close();
  }
}
