import type { ConnectorStatus, DashboardFeed } from '@eventide/shared';
import { KafkaSource } from '../connectors/kafka/kafka-source.js';

const POLL_MS = 100;
const MAX_EVENTS = 2000;

/**
 * Reads a deployed job's result topic for one dashboard sink with the source.kafka consumer (its
 * reconnects, per-partition queues and status) and hands each batch of rows to `deliver`. It
 * starts at `since` (the deploy time), so rows of an earlier deployment of the same pipeline are
 * not shown; malformed messages are counted.
 */
export class ResultReader {
  private readonly source: KafkaSource;
  private timer: NodeJS.Timeout | undefined;
  private status: ConnectorStatus = { state: 'connecting', since: Date.now() };
  private received = 0;
  private malformed = 0;

  constructor(
    readonly node: string,
    readonly topic: string,
    opts: { kafka: string; since: number; group: string },
    private readonly deliver: (events: unknown[]) => void,
  ) {
    this.source = new KafkaSource(node, {
      connection: { bootstrapServers: opts.kafka, sasl: { mechanism: 'none', username: '', password: '' } },
      topics: [topic],
      group: opts.group,
      startFrom: 'timestamp',
      startTimestamp: opts.since,
      bounded: false,
      maxBuffer: 10_000,
      format: { format: 'json', csvColumns: [], valueField: 'value', keyField: '', headersField: '' },
      report: (state, message) => {
        this.status = { state, since: Date.now(), ...(message ? { message } : {}) };
      },
    });
  }

  start(): void {
    this.timer ??= setInterval(() => this.pump(), POLL_MS);
  }

  private pump(): void {
    let poll: ReturnType<KafkaSource['poll']>;
    try {
      poll = this.source.poll(MAX_EVENTS, Date.now());
    } catch (e) {
      // A fatal source error (the topic was deleted, bad login): shown on the feed, reading stops.
      this.status = { state: 'failed', message: (e as Error).message, since: Date.now() };
      this.stop();
      return;
    }
    this.malformed += poll.errors?.length ?? 0;
    if (poll.events.length === 0) return;
    this.received += poll.events.length;
    this.deliver(poll.events);
  }

  feed(): DashboardFeed {
    return { topic: this.topic, status: this.status, received: this.received, malformed: this.malformed };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.source.close();
  }
}
