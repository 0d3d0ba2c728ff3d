import { randomUUID } from 'node:crypto';
import { createGeneratorSource, typedNode } from '@eventide/engine';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { RunConnectors } from '../src/host/run-connectors.js';
import { serviceAvailable } from './services.js';

/** The broker of `pnpm services start kafka` (EVENTIDE_KAFKA overrides it). */
export const KAFKA = process.env.EVENTIDE_KAFKA ?? '127.0.0.1:19092';

/** Logins of the generator's preset (200 a second of event time from 1.7e12), as `pnpm kafka:logins` produces them. */
export function generatedLogins(opts: {
  limit: number;
  keyCardinality: number;
  failureRate: number;
}): Record<string, unknown>[] {
  const source = createGeneratorSource(
    typedNode('source.generator', {
      id: 'g',
      kind: 'source.generator',
      params: { preset: 'logins', ratePerSec: 200, startTime: 1_700_000_000_000, pacing: 'max', ...opts },
    }),
  );
  const out: Record<string, unknown>[] = [];
  for (;;) {
    const { events, ended } = source.poll(1000, 0);
    out.push(...events);
    if (ended) return out;
  }
}

export function kafkaAvailable(): Promise<boolean> {
  return serviceAvailable('kafka', `kafka://${KAFKA}`);
}

export function testKafka(brokers = KAFKA): Kafka {
  return new Kafka({ clientId: 'eventide-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/** A fresh topic name (tests never share topics). */
export function topicName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createTopic(
  topic: string,
  partitions: number,
  brokers = KAFKA,
  replicationFactor = 1,
): Promise<void> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor }],
      waitForLeaders: false,
    });
    // kafkajs's waitForLeaders gives up when the broker it asks does not know the topic yet (a fresh
    // 3-broker cluster answers UNKNOWN_TOPIC_OR_PARTITION for a moment): wait for every leader here.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const known = await admin
        .fetchTopicMetadata({ topics: [topic] })
        .then(({ topics }) => topics[0]?.partitions ?? [])
        .catch(() => []);
      if (known.length === partitions && known.every((p) => p.leader >= 0)) return;
      if (Date.now() > deadline)
        throw new Error(`topic ${topic} has no leader for every partition after 30 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

export interface TestMessage {
  key?: string;
  value: string;
  partition?: number;
}

/**
 * Sends test input in chunks, each message once. Fixtures go through @platformatic/kafka's producer:
 * it sends 1.7x faster than kafkajs here (apps/server/bench/kafka-clients.ts), which matters for
 * 1M-event inputs. Idempotent, because the producer retries a request to a broker as a whole: right
 * after a cluster restart, while leaders still move, a request can be refused for one partition and
 * written for another, and the retry wrote the latter twice (the failover test's input once held
 * {"id":2} at two offsets). With idempotence the broker drops the repeat by its sequence number.
 */
export async function produce(topic: string, messages: TestMessage[], brokers = KAFKA): Promise<void> {
  const producer = new Producer({
    clientId: 'eventide-test-fixture',
    bootstrapBrokers: brokers.split(','),
    serializers: stringSerializers,
    idempotent: true,
    // Idempotence would otherwise retry forever: a test against a dead broker must fail instead.
    retries: 10,
  });
  const chunk = 20_000;
  try {
    for (let i = 0; i < messages.length; i += chunk)
      await producer.send({ messages: messages.slice(i, i + chunk).map((m) => ({ ...m, topic })) });
  } finally {
    await producer.close();
  }
}

/** How many records `topic` holds (end minus start offset, summed over its partitions). */
export async function recordCount(topic: string, brokers = KAFKA): Promise<number> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every message of `topic` up to its end offsets now, parsed as JSON; read_committed by default
 * (what a downstream consumer of an exactly-once sink sees). A partition is done when its last
 * offset is read; a transactional topic ends with a commit marker that is never delivered, so
 * 10 s without a batch also ends the read.
 */
export async function readAll(
  topic: string,
  opts: { readUncommitted?: boolean; brokers?: string } = {},
): Promise<unknown[]> {
  const kafka = testKafka(opts.brokers);
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(
    ends.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]),
  );
  const out: unknown[] = [];
  if (remaining.size === 0) return out;
  const consumer = kafka.consumer({
    groupId: `read-${randomUUID()}`,
    readUncommitted: opts.readUncommitted ?? false,
    maxBytesPerPartition: 4 << 20,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const quiet = { t: setTimeout(resolve, 20_000) };
    void consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          clearTimeout(quiet.t);
          quiet.t = setTimeout(resolve, 10_000);
          for (const m of batch.messages) out.push(JSON.parse(String(m.value)));
          const end = remaining.get(batch.partition);
          if (end !== undefined && Number(batch.lastOffset()) + 1 >= end) remaining.delete(batch.partition);
          if (remaining.size === 0) {
            clearTimeout(quiet.t);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return out;
}

/** Connectors of an in-process test run: nothing published, errors and drops ignored (tests read metrics). */
export function quietConnectors(
  opts: { baseDir?: string; runId?: string; env?: Record<string, string> } = {},
): RunConnectors {
  return new RunConnectors({
    baseDir: opts.baseDir ?? '.',
    confine: false,
    allowPrivateWebhooks: false,
    publishSink: () => undefined,
    publishChannel: () => undefined,
    print: () => undefined,
    countError: () => undefined,
    countDropped: () => undefined,
    ...(opts.runId ? { runId: opts.runId } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
}

/** source → assign-timestamps → keyed tumbling window (count n, sum bytes) → sink, as several Kafka tests run it. */
export function windowPipeline(opts: {
  source: Record<string, unknown>;
  sink?: Record<string, unknown>;
  maxOutOfOrdernessMs: number;
  idleTimeoutMs?: number;
  sizeMs: number;
  maxEvents: number;
}) {
  return {
    version: 1,
    name: 'kafka window test',
    settings: { microBatch: { maxEvents: opts.maxEvents, maxDelayMs: 10 }, checkpointIntervalMs: 0 },
    nodes: [
      { id: 'in', ...opts.source, position: { x: 0, y: 0 } },
      {
        id: 'time',
        kind: 'time.assign-timestamps',
        params: {
          timestamp: 'ts',
          maxOutOfOrdernessMs: opts.maxOutOfOrdernessMs,
          idleTimeoutMs: opts.idleTimeoutMs ?? 0,
        },
        position: { x: 1, y: 0 },
      },
      {
        id: 'win',
        kind: 'window.tumbling',
        params: {
          sizeMs: opts.sizeMs,
          keyBy: ['user'],
          aggregations: [
            { fn: 'count', name: 'n' },
            { fn: 'sum', field: 'bytes', name: 'bytes' },
          ],
        },
        position: { x: 2, y: 0 },
      },
      { id: 'out', ...(opts.sink ?? { kind: 'sink.table', params: {} }), position: { x: 3, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'out', target: 'time', targetPort: 'in' },
      { id: 'e2', source: 'time', sourcePort: 'out', target: 'win', targetPort: 'in' },
      { id: 'e3', source: 'win', sourcePort: 'out', target: 'out', targetPort: 'in' },
    ],
  };
}

/** Window results in a stable order (window start, then user). */
export function byWindowAndUser(rows: unknown[]): Record<string, unknown>[] {
  const key = (r: Record<string, unknown>) => `${r.window_start}|${r.user}`;
  return [...(rows as Record<string, unknown>[])].sort((a, b) => key(a).localeCompare(key(b)));
}
