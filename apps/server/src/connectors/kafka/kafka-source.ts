import { randomUUID } from 'node:crypto';
import { type Event, type Source, type SourcePoll, tagSplit } from '@eventide/engine';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { Backoff, type StatusReporter } from '../connector-status.js';
import { type KafkaConnection, kafkaClient, reportKafkaError } from './kafka-client.js';
import { type MessageFormat, parseKafkaMessage } from './kafka-message.js';

export interface KafkaSourceOptions {
  connection: KafkaConnection;
  topics: string[];
  /** The consumer group offsets are committed to after each completed checkpoint (lag monitoring). */
  group: string;
  startFrom: 'earliest' | 'latest' | 'committed' | 'timestamp';
  startTimestamp: number;
  bounded: boolean;
  maxBuffer: number;
  format: MessageFormat;
  report: StatusReporter;
}

/** The source's position: per "topic/partition", the offset of the next message poll() will return. */
export interface KafkaOffsets {
  partitions: Record<string, number>;
}

interface Partition {
  topic: string;
  partition: number;
  /** Queued events (or error events) and their offsets, in offset order. */
  queue: Event[];
  isError: boolean[];
  offsets: number[];
  head: number;
  /** Offset after the last message poll() handed out. */
  next: number;
  /** Offset after the last message fetched (queued or skipped). */
  fetched: number;
  /** Bounded: the end offset seen at start. */
  end: number;
}

/** How long poll() waits for every partition with data to deliver its first batch (fair start of per-partition watermarks). */
const PRIME_TIMEOUT_MS = 3000;

/**
 * source.kafka on kafkajs. kafkajs fetches asynchronously into per-partition queues; poll() hands
 * them out round-robin across partitions, each event tagged with its partition (per-partition
 * watermarks). A full buffer holds the fetch loop (backpressure). The consumer joins a private group
 * (every run reads every partition, and a killed run leaves no member behind to wait for); offsets
 * live in the checkpoint, and the user's group receives them only after a checkpoint completes.
 */
export class KafkaSource implements Source {
  private readonly kafka: Kafka;
  private admin: Admin | undefined;
  private consumer: Consumer | undefined;
  private readonly parts = new Map<string, Partition>();
  private restored: Record<string, number> | undefined;
  private started = false;
  private ready = false;
  private closed = false;
  private fatal: string | undefined;
  private primedAt = 0;
  private rr = 0;
  private readonly backoff = new Backoff();
  /** Polled counts, for tests and the bench. */
  received = 0;

  constructor(
    readonly nodeId: string,
    private readonly opts: KafkaSourceOptions,
  ) {
    this.kafka = kafkaClient(opts.connection, `eventide-${nodeId}`);
  }

  poll(maxEvents: number, now: number): SourcePoll {
    if (this.fatal) throw new Error(this.fatal);
    if (!this.started) {
      this.started = true;
      this.opts.report('connecting');
      void this.connect();
    }
    if (!this.ready) return { events: [], ended: false };
    if (!this.primed(now)) return { events: [], ended: false };
    const events: Event[] = [];
    const errors: Event[] = [];
    const list = [...this.parts.values()];
    const chunk = Math.max(16, Math.ceil(maxEvents / Math.max(1, list.length)));
    let progressed = true;
    while (events.length < maxEvents && progressed) {
      progressed = false;
      for (let k = 0; k < list.length && events.length < maxEvents; k++) {
        const p = list[(this.rr + k) % list.length] as Partition;
        const take = Math.min(chunk, maxEvents - events.length, p.queue.length - p.head);
        for (let i = 0; i < take; i++) {
          const at = p.head + i;
          (p.isError[at] ? errors : events).push(p.queue[at] as Event);
          p.next = (p.offsets[at] as number) + 1;
        }
        if (take > 0) {
          progressed = true;
          p.head += take;
          if (p.head === p.queue.length) {
            p.queue = [];
            p.isError = [];
            p.offsets = [];
            p.head = 0;
          }
        }
      }
      this.rr++;
    }
    this.received += events.length;
    const ended = this.opts.bounded && list.every((p) => p.head === p.queue.length && p.fetched >= p.end);
    if (ended) for (const p of list) p.next = Math.max(p.next, p.end);
    return errors.length > 0 ? { events, ended, errors } : { events, ended };
  }

  /**
   * Until every partition that had data at start has delivered something (or PRIME_TIMEOUT_MS
   * passed), poll() returns nothing: the first batch then holds events of every partition, so each
   * partition's watermark counts from the start.
   */
  private primed(now: number): boolean {
    if (this.primedAt > 0) return true;
    if (this.primedAt === 0) this.primedAt = -now;
    const waiting = [...this.parts.values()].some((p) => p.fetched < p.end && p.queue.length === 0);
    if (!waiting || now + this.primedAt >= PRIME_TIMEOUT_MS) this.primedAt = now;
    return this.primedAt > 0;
  }

  /** The "topic/partition" splits this source reads, once connected (undefined before). */
  splits(): string[] | undefined {
    return this.ready ? [...this.parts.keys()] : undefined;
  }

  offset(): KafkaOffsets {
    const partitions: Record<string, number> = { ...this.restored };
    for (const [key, p] of this.parts) partitions[key] = p.next;
    return { partitions };
  }

  restore(offset: unknown): void {
    const partitions = (offset as Partial<KafkaOffsets> | null)?.partitions;
    if (partitions && typeof partitions === 'object') {
      this.restored = {};
      for (const [k, v] of Object.entries(partitions)) if (typeof v === 'number') this.restored[k] = v;
    }
  }

  /** A checkpoint with these offsets is durable: commit them to the user's group (lag monitoring). */
  async commit(offset: unknown): Promise<void> {
    const partitions = (offset as Partial<KafkaOffsets> | null)?.partitions;
    if (!partitions || !this.admin || this.closed) return;
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const [key, next] of Object.entries(partitions)) {
      const slash = key.lastIndexOf('/');
      const topic = key.slice(0, slash);
      byTopic.set(topic, [
        ...(byTopic.get(topic) ?? []),
        { partition: Number(key.slice(slash + 1)), offset: String(next) },
      ]);
    }
    try {
      for (const [topic, list] of byTopic)
        await this.admin.setOffsets({ groupId: this.opts.group, topic, partitions: list });
    } catch (err) {
      // Lag monitoring only: the checkpoint holds the offsets that matter. Say so on the node.
      this.opts.report(
        'connected',
        `offsets not committed to group ${this.opts.group}: ${(err as Error).message}`,
      );
    }
  }

  close(): void {
    this.closed = true;
    void this.consumer?.disconnect().catch(() => undefined);
    void this.admin?.disconnect().catch(() => undefined);
  }

  // ---- connecting -----------------------------------------------------------------------------

  private async connect(): Promise<void> {
    while (!this.closed && !this.fatal) {
      try {
        await this.open();
        return;
      } catch (err) {
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        // planPartitions already said why (an unknown topic).
        if (this.fatal || (await this.failedFor(err))) return;
        await sleep(this.backoff.next());
      }
    }
  }

  private async open(): Promise<void> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    if (this.parts.size === 0) await this.planPartitions(this.admin);
    const consumer = this.kafka.consumer({
      groupId: `${this.opts.group}.eventide-${randomUUID()}`,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 1000,
      maxBytesPerPartition: 1024 * 1024,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      // Every (re)join: continue each partition right after what is already buffered.
      for (const p of this.parts.values())
        consumer.seek({ topic: p.topic, partition: p.partition, offset: String(p.fetched) });
      this.backoff.reset();
      this.opts.report('connected');
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.batchSize === 0)
        this.skipped(payload.topic, payload.partition, payload.firstOffset, payload.lastOffset);
    });
    consumer.on(consumer.events.CRASH, (e) => void this.onCrash(consumer, e.payload));
    await consumer.connect();
    await consumer.subscribe({ topics: this.opts.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: Math.min(64, Math.max(1, this.parts.size)),
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.ready = true;
  }

  /**
   * kafkajs gave up on a request. "Unknown topic or partition" also comes while partitions move
   * after a broker was lost, so it is fatal only if the topic is really gone. Otherwise kafkajs
   * restarts the consumer itself (`restart`), or this source opens a new one after a pause.
   */
  private async onCrash(consumer: Consumer, crash: { error: Error; restart: boolean }): Promise<void> {
    if (await this.failedFor(crash.error)) return;
    if (crash.restart || this.closed) return;
    this.consumer = undefined;
    void consumer.disconnect().catch(() => undefined);
    await sleep(this.backoff.next());
    await this.connect();
  }

  /** Reports `err` (reportKafkaError); true when it ends the source for good. */
  private async failedFor(err: unknown): Promise<boolean> {
    const { connection, topics, report } = this.opts;
    this.fatal = await reportKafkaError(err, connection, this.kafka, topics, report);
    return this.fatal !== undefined;
  }

  /** The partitions of every topic and where each starts (checkpoint, or startFrom) and, bounded, ends. */
  private async planPartitions(admin: Admin): Promise<void> {
    const existing = new Set(await admin.listTopics());
    const missing = this.opts.topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      this.fatal = `params.topics: topic ${missing.map((t) => `"${t}"`).join(', ')} does not exist at ${this.opts.connection.bootstrapServers}`;
      this.opts.report('failed', this.fatal);
      throw new Error(this.fatal);
    }
    for (const topic of this.opts.topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const starts = await this.startOffsets(admin, topic, offsets);
      for (const o of offsets) {
        const key = `${topic}/${o.partition}`;
        const start = this.restored?.[key] ?? (starts.get(o.partition) as number);
        this.parts.set(key, {
          topic,
          partition: o.partition,
          queue: [],
          isError: [],
          offsets: [],
          head: 0,
          next: start,
          fetched: start,
          end: this.opts.bounded ? Number(o.high) : Number.POSITIVE_INFINITY,
        });
      }
    }
  }

  private async startOffsets(
    admin: Admin,
    topic: string,
    offsets: { partition: number; low: string; high: string }[],
  ): Promise<Map<number, number>> {
    const low = new Map(offsets.map((o) => [o.partition, Number(o.low)]));
    switch (this.opts.startFrom) {
      case 'earliest':
        return low;
      case 'latest':
        return new Map(offsets.map((o) => [o.partition, Number(o.high)]));
      case 'timestamp': {
        const at = await admin.fetchTopicOffsetsByTimestamp(topic, this.opts.startTimestamp);
        return new Map(at.map((o) => [o.partition, Number(o.offset)]));
      }
      case 'committed': {
        const [committed] = await admin.fetchOffsets({ groupId: this.opts.group, topics: [topic] });
        const out = new Map(low);
        for (const p of committed?.partitions ?? [])
          if (Number(p.offset) >= 0) out.set(p.partition, Number(p.offset));
        return out;
      }
    }
  }

  /**
   * A fetch of a partition held only records without a message (an aborted transaction, markers):
   * kafkajs skips eachBatch for it and reports it as a batch of size 0. Those offsets are read, or a
   * bounded source whose topic ends with them would never reach its end. Only a batch that starts at
   * or before the fetched position moves it (a stale one is ignored): no offset with a message is
   * ever skipped.
   */
  private skipped(topic: string, partition: number, first: string | null, last: string): void {
    const p = this.parts.get(`${topic}/${partition}`);
    if (!p || first === null || Number(first) > p.fetched) return;
    p.fetched = Math.max(p.fetched, Math.min(p.end, Number(last) + 1));
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const p = this.parts.get(`${batch.topic}/${batch.partition}`);
    if (!p) return;
    const split = `${batch.topic}/${batch.partition}`;
    for (const m of batch.messages) {
      const offset = Number(m.offset);
      if (offset < p.fetched || offset >= p.end) continue;
      const parsed = parseKafkaMessage(m, this.opts.format);
      if ('event' in parsed) {
        p.queue.push(tagSplit(parsed.event, split));
        p.isError.push(false);
      } else {
        p.queue.push({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          value: m.value === null ? null : m.value.toString('utf8').slice(0, 1000),
          error: parsed.error,
        });
        p.isError.push(true);
      }
      p.offsets.push(offset);
      p.fetched = offset + 1;
    }
    // Control records (transaction markers) and aborted records have offsets but no message: count
    // them as read (kafkajs never hands eachBatch a batch without messages: see skipped()).
    p.fetched = Math.max(p.fetched, Math.min(p.end, Number(batch.lastOffset()) + 1));
    // Each partition gets its share of the buffer, so one busy partition never starves the others
    // (their batches are handled concurrently) and every partition's watermark keeps up.
    const share = Math.max(100, Math.floor(this.opts.maxBuffer / Math.max(1, this.parts.size)));
    while (p.queue.length - p.head >= share && isRunning() && !isStale() && !this.closed) {
      await sleep(10);
      await heartbeat();
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
