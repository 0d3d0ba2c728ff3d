import { compileExpression, type Event } from '@eventide/engine';
import type { Kafka, Message, Producer } from 'kafkajs';
import { Backoff, type StatusReporter } from '../connector-status.js';
import { type KafkaConnection, kafkaClient, reportKafkaError, withAdmin } from './kafka-client.js';
import { lastCommittedCheckpoint, MARKER_TOPIC, markerMessage } from './kafka-markers.js';
import { PartitionedSend } from './partitioned-send.js';

export interface KafkaSinkOptions {
  connection: KafkaConnection;
  topic: string;
  key?: string;
  headers: { name: string; expr: string }[];
  delivery: 'at-least-once' | 'exactly-once';
  /** Stable per run and node: a restarted run fences (aborts) what its previous incarnation left open. */
  transactionalId: string;
  /** Commit only when the host says a checkpoint is durable (the server); else at the barrier (CLI). */
  commitAfterCheckpoint: boolean;
  report: StatusReporter;
  countError: (reason: string) => void;
}

/** Messages of one checkpoint epoch that Kafka does not have for sure yet. */
interface Epoch {
  checkpoint: number;
  messages: Message[];
}

/** What the checkpoint stores: the epochs not known to be committed (exactly-once) or acknowledged (at-least-once). */
export interface KafkaSinkState {
  epochs: {
    checkpoint: number;
    messages: { key: string | null; value: string; headers?: Record<string, string> }[];
  }[];
}

const SEND_CHUNK = 5_000;
const CLOSE_WAIT_MS = 30_000;
const STEP_TIMEOUT_MS = 90_000;

/**
 * sink.kafka. At-least-once: messages are sent as they come; a checkpoint records those not yet
 * acknowledged, which a restore sends again. Exactly-once: each checkpoint's results are one Kafka
 * transaction, sent and committed when the checkpoint is durable, together with a marker record
 * (checkpoint id, in MARKER_TOPIC) in the same transaction; the checkpoint records the epochs not yet
 * committed, and a restore asks the markers which of them did commit before the crash and sends only
 * the others. A read_committed consumer thus sees every result once.
 */
export class KafkaSink {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private readonly keyOf: ((e: Event) => unknown) | undefined;
  private readonly headerFns: { name: string; fn: (e: Event) => unknown }[];
  /** One request per partition (see PartitionedSend: a multi-leader send loses messages on failover). */
  private readonly out: PartitionedSend;
  /** Messages of the epoch in progress (after the last barrier). */
  private current: Message[] = [];
  /** Closed epochs waiting to be sent (at-least-once) or committed (exactly-once). */
  private epochs: Epoch[] = [];
  /** At-least-once: messages handed to the producer and not acknowledged yet. */
  private inFlight: Message[] = [];
  private durableUpTo = 0;
  private restoredFrom: Epoch[] | undefined;
  private work: Promise<void> = Promise.resolve();
  private working = false;
  private fatal: string | undefined;
  private closed = false;
  private readonly backoff = new Backoff();
  /** Messages Kafka acknowledged (at-least-once) or committed (exactly-once). */
  delivered = 0;
  transactions = 0;

  constructor(
    readonly nodeId: string,
    private readonly opts: KafkaSinkOptions,
  ) {
    this.kafka = kafkaClient(opts.connection, `eventide-${nodeId}`);
    this.keyOf = opts.key ? compileExpression(opts.key) : undefined;
    this.headerFns = opts.headers.map((h) => ({ name: h.name, fn: compileExpression(h.expr) }));
    this.out = new PartitionedSend(opts.topic);
  }

  write(events: readonly unknown[]): void {
    if (this.fatal) throw new Error(this.fatal);
    for (const e of events) {
      const message = this.encode(e as Event);
      if (message) this.current.push(message);
    }
    if (this.opts.delivery === 'at-least-once') this.kick();
  }

  /** The barrier of checkpoint `checkpointId`: close the epoch; the checkpoint keeps what is not yet delivered. */
  onCheckpoint(checkpointId: number): KafkaSinkState {
    if (this.fatal) throw new Error(this.fatal);
    if (this.current.length > 0) this.epochs.push({ checkpoint: checkpointId, messages: this.current });
    this.current = [];
    // Restored epochs not yet checked against the markers (the producer is still connecting) stay
    // in every checkpoint until they are committed.
    const pending = [...(this.restoredFrom ?? []), ...this.epochs];
    const state: KafkaSinkState = {
      epochs: [
        ...(this.inFlight.length > 0
          ? [{ checkpoint: checkpointId, messages: this.inFlight.map(plain) }]
          : []),
        ...pending.map((ep) => ({ checkpoint: ep.checkpoint, messages: ep.messages.map(plain) })),
      ],
    };
    if (this.opts.delivery === 'at-least-once' || !this.opts.commitAfterCheckpoint)
      this.checkpointed(checkpointId);
    return state;
  }

  /** Checkpoint `checkpointId` is durable: deliver (exactly-once: commit) everything up to it. */
  checkpointed(checkpointId: number): void {
    if (checkpointId > this.durableUpTo) this.durableUpTo = checkpointId;
    this.kick();
  }

  restore(state: unknown): void {
    const epochs = (state as Partial<KafkaSinkState> | null)?.epochs;
    if (!Array.isArray(epochs)) return;
    this.restoredFrom = epochs.map((ep) => ({
      checkpoint: ep.checkpoint,
      messages: ep.messages.map((m) => ({
        key: m.key,
        value: m.value,
        ...(m.headers ? { headers: m.headers } : {}),
      })),
    }));
  }

  async close(): Promise<void> {
    // The epochs of checkpoints taken before the end (the final one of a finished run included) are
    // delivered once the host made them durable. Stop always works: delivery may go on while it
    // progresses; a broker or checkpoint store stuck for CLOSE_WAIT_MS is given up on, and the
    // checkpoint keeps what was not delivered.
    let last = `${this.delivered}/${this.durableUpTo}`;
    let since = Date.now();
    while (
      !this.fatal &&
      (this.working || this.epochs.length > 0 || this.restoredFrom !== undefined) &&
      Date.now() - since < CLOSE_WAIT_MS
    ) {
      this.kick();
      await Promise.race([this.work, sleep(100)]);
      const now = `${this.delivered}/${this.durableUpTo}`;
      if (now !== last) {
        last = now;
        since = Date.now();
      }
    }
    this.closed = true;
    await this.producer?.disconnect().catch(() => undefined);
  }

  private encode(event: Event): Message | undefined {
    let key: string | null = null;
    const headers: Record<string, string> = {};
    try {
      if (this.keyOf) key = text(this.keyOf(event));
      for (const h of this.headerFns) headers[h.name] = text(h.fn(event));
    } catch (err) {
      this.opts.countError(`key or header expression failed: ${(err as Error).message}`);
      return undefined;
    }
    const message: Message = { key, value: JSON.stringify(event) };
    if (this.headerFns.length > 0) message.headers = headers;
    return message;
  }

  // ---- delivery -------------------------------------------------------------------------------

  private kick(): void {
    if (this.working || this.closed) return;
    this.working = true;
    this.work = this.deliver().finally(() => {
      this.working = false;
    });
  }

  /** Delivers until nothing is due, retrying a lost broker with backoff. */
  private async deliver(): Promise<void> {
    for (;;) {
      if (this.fatal || this.closed) return;
      try {
        // A request that never answers must not hold delivery forever: give up on it and reconnect.
        const producer = await withTimeout(this.connected(), STEP_TIMEOUT_MS);
        const due = await withTimeout(
          this.opts.delivery === 'exactly-once' ? this.commitDue(producer) : this.sendDue(producer),
          STEP_TIMEOUT_MS,
        );
        if (!due) return;
        this.backoff.reset();
      } catch (err) {
        const { connection, topic, report } = this.opts;
        this.fatal = await reportKafkaError(err, connection, this.kafka, [topic], report);
        if (this.fatal) return;
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = undefined;
        await sleep(this.backoff.next());
      }
    }
  }

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    const exactly = this.opts.delivery === 'exactly-once';
    const producer = this.kafka.producer(
      exactly
        ? {
            transactionalId: this.opts.transactionalId,
            idempotent: true,
            maxInFlightRequests: 1,
            transactionTimeout: 60_000,
          }
        : { idempotent: false, allowAutoTopicCreation: false },
    );
    this.opts.report('connecting');
    await producer.connect();
    await this.refreshPartitions();
    if (exactly) {
      await ensureMarkerTopic(this.kafka);
      // connect() ran initTransactions: the previous incarnation's open transaction is aborted now,
      // so the markers say exactly which restored epochs made it.
      if (this.restoredFrom) {
        const committed = await lastCommittedCheckpoint(this.kafka, this.opts.transactionalId);
        this.epochs = [...this.restoredFrom.filter((ep) => ep.checkpoint > committed), ...this.epochs];
        this.restoredFrom = undefined;
      }
    } else if (this.restoredFrom) {
      this.epochs = [...this.restoredFrom, ...this.epochs];
      this.restoredFrom = undefined;
    }
    this.producer = producer;
    this.opts.report('connected');
    return producer;
  }

  /** At-least-once: send closed epochs and the current one in chunks. */
  private async sendDue(producer: Producer): Promise<boolean> {
    if (this.inFlight.length === 0) {
      const next = this.epochs.shift();
      if (next) this.inFlight = next.messages;
      else if (this.current.length > 0) {
        this.inFlight = this.current;
        this.current = [];
      }
    }
    if (this.inFlight.length === 0) return false;
    const chunk = this.inFlight.slice(0, SEND_CHUNK);
    await this.out.send(chunk, (messages) => producer.send({ topic: this.opts.topic, messages, acks: -1 }));
    this.inFlight = this.inFlight.slice(chunk.length);
    this.delivered += chunk.length;
    return true;
  }

  /** Exactly-once: one transaction with every epoch up to the last durable checkpoint and its marker. */
  private async commitDue(producer: Producer): Promise<boolean> {
    const upTo = this.durableUpTo;
    const due = this.epochs.filter((ep) => ep.checkpoint <= upTo);
    if (due.length === 0) return false;
    const tx = await producer.transaction();
    try {
      for (const ep of due)
        for (let i = 0; i < ep.messages.length; i += SEND_CHUNK)
          await this.out.send(ep.messages.slice(i, i + SEND_CHUNK), (messages) =>
            tx.send({ topic: this.opts.topic, messages }),
          );
      await tx.send({ topic: MARKER_TOPIC, messages: [markerMessage(this.opts.transactionalId, upTo)] });
      await tx.commit();
    } catch (err) {
      await tx.abort().catch(() => undefined);
      throw err;
    }
    this.epochs = this.epochs.filter((ep) => !due.includes(ep));
    this.delivered += due.reduce((n, ep) => n + ep.messages.length, 0);
    this.transactions++;
    return true;
  }

  private async refreshPartitions(): Promise<void> {
    await withAdmin(this.kafka, (admin) => this.out.refresh(admin));
  }
}

async function ensureMarkerTopic(kafka: Kafka): Promise<void> {
  await withAdmin(kafka, async (admin) => {
    if (!(await admin.listTopics()).includes(MARKER_TOPIC))
      await admin.createTopics({
        topics: [
          {
            topic: MARKER_TOPIC,
            numPartitions: 1,
            configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
          },
        ],
      });
  });
}

function plain(m: Message): KafkaSinkState['epochs'][number]['messages'][number] {
  const out: KafkaSinkState['epochs'][number]['messages'][number] = {
    key: m.key === null || m.key === undefined ? null : String(m.key),
    value: String(m.value),
  };
  if (m.headers) out.headers = Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, String(v)]));
  return out;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Kafka did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
