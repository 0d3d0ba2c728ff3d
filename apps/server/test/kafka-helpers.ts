import { randomUUID } from 'node:crypto';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { serviceAvailable } from './services.js';

/** The broker of `pnpm services start kafka` (EVENTIDE_KAFKA overrides it). */
export const KAFKA = process.env.EVENTIDE_KAFKA ?? '127.0.0.1:19092';

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
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions, replicationFactor }],
    waitForLeaders: true,
  });
  await admin.disconnect();
}

export interface TestMessage {
  key?: string;
  value: string;
  partition?: number;
}

/**
 * Sends test input in chunks. Fixtures go through @platformatic/kafka's producer: it sends 1.7x
 * faster than kafkajs here (apps/server/bench/kafka-clients.ts), which matters for 1M-event inputs.
 */
export async function produce(topic: string, messages: TestMessage[], brokers = KAFKA): Promise<void> {
  const producer = new Producer({
    clientId: 'eventide-test-fixture',
    bootstrapBrokers: brokers.split(','),
    serializers: stringSerializers,
  });
  const chunk = 20_000;
  try {
    for (let i = 0; i < messages.length; i += chunk)
      await producer.send({ messages: messages.slice(i, i + chunk).map((m) => ({ ...m, topic })), acks: 1 });
  } finally {
    await producer.close();
  }
}

/**
 * Every message of `topic` up to its end offsets now, parsed as JSON; read_committed by default
 * (what a downstream consumer of an exactly-once sink sees).
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
    const quiet = { t: setTimeout(resolve, 5000) };
    void consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          clearTimeout(quiet.t);
          quiet.t = setTimeout(resolve, 3000);
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
