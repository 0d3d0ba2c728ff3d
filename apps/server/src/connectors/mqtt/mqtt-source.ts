import type { Event, Source, SourcePoll } from '@eventide/engine';
import type { MqttClient } from 'mqtt';
import type { StatusReporter } from '../connector-status.js';
import { connectWithStatus, type MqttConnection } from './mqtt-client.js';
import { parseMqttMessage } from './mqtt-payload.js';

export interface MqttSourceOptions {
  connection: MqttConnection;
  topics: string[];
  qos: 0 | 1 | 2;
  topicField: string;
  /** Messages buffered before the client stops reading the socket (backpressure to the broker). */
  maxBuffer: number;
  report: StatusReporter;
  countDropped: (count: number, reason: string) => void;
}

/** Malformed messages held for the error port between polls; more are counted as dropped. */
const MAX_ERRORS = 1_000;

/**
 * source.mqtt: the mqtt client pushes messages into a bounded buffer that poll() drains. When the
 * buffer is full the client stops acknowledging (handleMessage waits), so it stops reading the socket
 * and the broker holds QoS 1/2 messages: backpressure, not drops. With a persistent session
 * (clean: false) the broker also keeps them while the broker or the run restarts.
 * offset() carries the buffered, not yet polled messages, so a checkpoint keeps them.
 */
export class MqttSource implements Source {
  private buffer: Event[] = [];
  private head = 0;
  private errors: Event[] = [];
  /** Acknowledgements held back while the buffer is full. */
  private waiting: (() => void)[] = [];
  private readonly client: MqttClient;
  private subscribed = false;
  received = 0;

  constructor(
    readonly nodeId: string,
    private readonly opts: MqttSourceOptions,
  ) {
    this.client = connectWithStatus(opts.connection, opts.report, { resubscribe: true });
    this.client.handleMessage = (_packet, done) => {
      if (this.size < this.opts.maxBuffer) done();
      else this.waiting.push(() => done());
    };
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
    this.client.on('message', (topic, payload) => {
      this.received++;
      const parsed = parseMqttMessage(topic, payload, this.opts.topicField);
      if ('event' in parsed) this.buffer.push(parsed.event);
      else if (this.errors.length < MAX_ERRORS) this.errors.push(parsed.error);
      else
        this.opts.countDropped(
          1,
          `malformed message on ${topic}: more than ${MAX_ERRORS} waiting for the error port`,
        );
    });
  }

  get size(): number {
    return this.buffer.length - this.head;
  }

  poll(maxEvents: number): SourcePoll {
    const end = Math.min(this.buffer.length, this.head + maxEvents);
    const events = this.buffer.slice(this.head, end);
    this.head = end;
    if (this.head === this.buffer.length) {
      this.buffer = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    while (this.waiting.length > 0 && this.size < this.opts.maxBuffer) this.waiting.shift()?.();
    if (this.errors.length === 0) return { events, ended: false };
    const errors = this.errors;
    this.errors = [];
    return { events, ended: false, errors };
  }

  offset(): unknown {
    return { queued: this.buffer.slice(this.head) };
  }

  restore(offset: unknown): void {
    const queued = (offset as { queued?: unknown } | null)?.queued;
    if (Array.isArray(queued)) this.buffer = [...(queued as Event[]), ...this.buffer.slice(this.head)];
    this.head = 0;
  }

  close(): void {
    // Held acknowledgements stay unsent: the broker redelivers those messages to a persistent session.
    this.waiting = [];
    this.client.end(true);
  }
}
