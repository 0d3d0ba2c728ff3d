import type { Event, Source, SourcePoll } from '@eventide/engine';
import type { IStore, MqttClient } from 'mqtt';
import type { IngestLog } from '../../host/ingest-log.js';
import type { StatusReporter } from '../connector-status.js';
import { connectWithStatus, type MqttConnection, mqttLib } from './mqtt-client.js';
import { type ParsedMessage, parseMqttMessage } from './mqtt-payload.js';

export interface MqttSourceOptions {
  connection: MqttConnection;
  topics: string[];
  qos: 0 | 1 | 2;
  topicField: string;
  /** Messages buffered before the client stops acknowledging (backpressure to the broker). */
  maxBuffer: number;
  report: StatusReporter;
  /**
   * The server's write-ahead log for this node: every message is in it before the broker hears its
   * acknowledgement, so a killed server loses nothing (see the class comment). None (CLI, tests):
   * the checkpoint carries the buffered messages instead.
   */
  log?: IngestLog;
}

/**
 * source.mqtt: the mqtt client pushes messages (events, or error-port events for malformed payloads,
 * in arrival order) into a bounded buffer that poll() drains. When the buffer is full the client
 * stops acknowledging, so it stops reading the socket and the broker holds QoS 1/2 messages:
 * backpressure, not drops. With a persistent session (clean: false) the broker also keeps them while
 * the broker or the run restarts.
 *
 * At-least-once across a killed server (QoS 1/2, persistent session, the server's log): a message is
 * appended to the log before it is acknowledged (QoS 1: before PUBACK; QoS 2: before PUBREC, through
 * the client's incoming store, since after PUBREC the broker only repeats PUBREL). The checkpoint
 * records how many logged messages the engine consumed; a restore re-reads the rest from the log, and
 * the broker redelivers what was never acknowledged. A message logged but not yet acknowledged when
 * the process died comes twice: duplicates, never losses. mqtt.js cannot hold one acknowledgement
 * without stalling every later packet, hence the log rather than acknowledging at checkpoints. The
 * log is written through to the OS at once and fdatasync'ed at every checkpoint: a power loss (not a
 * process kill) can lose what was acknowledged since the last checkpoint.
 */
export class MqttSource implements Source {
  private buffer: ParsedMessage[] = [];
  private head = 0;
  /** Messages poll() handed out since the run began (what the log's sequence numbers count). */
  private consumed = 0;
  /** Acknowledgements held back while the buffer is full. */
  private waiting: (() => void)[] = [];
  private readonly client: MqttClient;
  private subscribed = false;
  received = 0;

  constructor(
    readonly nodeId: string,
    private readonly opts: MqttSourceOptions,
  ) {
    const incoming = new (mqttLib().Store)();
    // QoS 2: mqtt.js stores the PUBLISH and sends PUBREC when put() calls back; 'message' comes only
    // at PUBREL. Taking the message here puts it in the log before the broker forgets it.
    const incomingStore: IStore = {
      put: (packet, cb) => {
        if (packet.cmd === 'publish')
          this.take(
            packet.topic,
            typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload,
          );
        incoming.put(packet, () => this.whenRoom(() => cb?.()));
        return incomingStore;
      },
      get: (packet, cb) => {
        incoming.get(packet, cb);
        return incomingStore;
      },
      del: (packet, cb) => {
        incoming.del(packet, cb);
        return incomingStore;
      },
      createStream: () => incoming.createStream(),
      close: (cb) => incoming.close(cb),
    };
    this.client = connectWithStatus(opts.connection, opts.report, { resubscribe: true, incomingStore });
    // QoS 1: PUBACK goes out when done() is called; QoS 2: PUBCOMP (the message is already logged).
    this.client.handleMessage = (_packet, done) => this.whenRoom(() => done());
    this.client.on('connect', (connack) => {
      // A persistent session the broker kept still has its subscriptions; subscribing again is harmless.
      if (this.subscribed && connack.sessionPresent) return;
      this.client.subscribe(this.opts.topics, { qos: this.opts.qos }, (err, granted) => {
        if (err) {
          this.opts.report('failed', `cannot subscribe to ${this.opts.topics.join(', ')}: ${err.message}`);
          return;
        }
        const refused = (granted ?? []).filter((g) => g.qos === 128).map((g) => g.topic);
        if (refused.length > 0)
          this.opts.report('failed', `the broker refused the subscription to ${refused.join(', ')}`);
        else this.subscribed = true;
      });
    });
    // QoS 0 and 1 (QoS 2 was taken when stored).
    this.client.on('message', (topic, payload, packet) => {
      if (packet.qos !== 2) this.take(topic, payload);
    });
  }

  get size(): number {
    return this.buffer.length - this.head;
  }

  poll(maxEvents: number): SourcePoll {
    const end = Math.min(this.buffer.length, this.head + maxEvents);
    const events: Event[] = [];
    const errors: Event[] = [];
    for (let i = this.head; i < end; i++) {
      const m = this.buffer[i] as ParsedMessage;
      if ('event' in m) events.push(m.event);
      else errors.push(m.error);
    }
    this.consumed += end - this.head;
    this.head = end;
    if (this.head === this.buffer.length) {
      this.buffer = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    while (this.waiting.length > 0 && this.size < this.opts.maxBuffer) this.waiting.shift()?.();
    return errors.length === 0 ? { events, ended: false } : { events, ended: false, errors };
  }

  offset(): unknown {
    if (this.opts.log) {
      // The checkpoint will say these are consumed: what the broker was told must be on disk by then.
      this.opts.log.syncNow();
      return { consumed: this.consumed };
    }
    return { consumed: this.consumed, queued: this.buffer.slice(this.head) };
  }

  restore(offset: unknown): void {
    const o = (offset ?? {}) as { consumed?: unknown; queued?: unknown };
    this.consumed = typeof o.consumed === 'number' ? o.consumed : 0;
    // Everything received so far is in the log too, so the log from `consumed` on is the whole buffer.
    const rest: unknown[] = this.opts.log
      ? this.opts.log.readFrom(this.consumed)
      : [...(Array.isArray(o.queued) ? o.queued : []), ...this.buffer.slice(this.head)];
    this.buffer = rest.flatMap((m) => parsedOrNot(m));
    this.head = 0;
  }

  /** A checkpoint with this source's `offset` is on disk: the log before it is no longer needed. */
  checkpointed(offset: unknown): void {
    const consumed = (offset as { consumed?: unknown } | null)?.consumed;
    if (typeof consumed === 'number') this.opts.log?.prune(consumed);
  }

  close(): void {
    // Held acknowledgements stay unsent: the broker redelivers those messages to a persistent session.
    this.waiting = [];
    this.client.end(true);
    this.opts.log?.close();
  }

  /** A message arrived: logged (with a log) before anything acknowledges it, then buffered. */
  private take(topic: string, payload: Uint8Array): void {
    this.received++;
    const parsed = parseMqttMessage(topic, payload, this.opts.topicField);
    // Written through to the OS (a killed process loses nothing); fdatasync'ed at each checkpoint.
    this.opts.log?.append([parsed]);
    this.buffer.push(parsed);
  }

  private whenRoom(ack: () => void): void {
    if (this.size < this.opts.maxBuffer) ack();
    else this.waiting.push(ack);
  }
}

/** A logged or checkpointed message (older checkpoints held bare events). */
function parsedOrNot(m: unknown): ParsedMessage[] {
  if (typeof m !== 'object' || m === null) return [];
  if ('event' in m && isEvent(m.event)) return [{ event: m.event }];
  if ('error' in m && isEvent(m.error)) return [{ error: m.error }];
  return isEvent(m) ? [{ event: m }] : [];
}

function isEvent(v: unknown): v is Event {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
