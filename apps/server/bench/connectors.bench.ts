/**
 * `pnpm bench connectors`: Kafka source → filter → Kafka sink (at-least-once, exactly-once) against
 * the raw kafkajs client doing the same in the same run: consume only, produce only, and a hand-written
 * consume → filter → produce loop (the baseline of the ratio). Needs `pnpm services start kafka`.
 * BENCH_KAFKA_EVENTS sets the input size (default 200,000 JSON messages in 4 partitions).
 */
import { randomUUID } from 'node:crypto';
import { createRun } from '@eventide/engine';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { quietConnectors } from '../test/kafka-helpers.js';

// MQTT in, measured in the same `pnpm bench connectors` run.
export { runMqttIn } from './mqtt.bench.js';

interface BenchRow {
  name: string;
  eventsPerSec: number;
  baseline?: string;
  ratio?: number;
}

const broker = process.env.EVENTIDE_KAFKA ?? '127.0.0.1:19092';
const N = Number(process.env.BENCH_KAFKA_EVENTS ?? 200_000);
const kafka = new Kafka({ clientId: 'eventide-bench', brokers: [broker], logLevel: logLevel.NOTHING });
const keep = (e: { bytes: number }) => e.bytes % 10 !== 0;

async function createTopics(...topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: topics.map((topic) => ({ topic, numPartitions: 4 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
}

function messages(): Message[] {
  return Array.from({ length: N }, (_, i) => ({
    key: `u${i % 1000}`,
    value: JSON.stringify({
      user: `u${i % 1000}`,
      ts: 1_700_000_000_000 + i,
      ok: i % 3 !== 0,
      bytes: i % 97,
    }),
  }));
}

/** Raw produce: kafkajs sending the messages in chunks of 5,000 (acks from all replicas). */
async function rawProduce(topic: string, input: Message[]): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const started = performance.now();
  for (let i = 0; i < input.length; i += 5000)
    await producer.send({ topic, messages: input.slice(i, i + 5000), acks: -1 });
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return input.length / seconds;
}

/** Raw consume (JSON.parse each value), optionally filtering and producing to `to`: the hand-written pipeline. */
async function rawConsume(topic: string, to?: string): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxBytesPerPartition: 1 << 20 });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await consumer.connect();
  if (to) await producer.connect();
  const started = performance.now();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const out: Message[] = [];
          for (const m of batch.messages) {
            const e = JSON.parse(String(m.value)) as { bytes: number };
            if (to && keep(e)) out.push({ key: m.key, value: JSON.stringify(e) });
          }
          if (to && out.length > 0) await producer.send({ topic: to, messages: out, acks: -1 });
          n += batch.messages.length;
          if (n >= N) resolve();
        },
      })
      .catch(reject);
  });
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  if (to) await producer.disconnect();
  return N / seconds;
}

/** Eventide: source.kafka (bounded) → transform.filter → sink.kafka, checkpoints every second. */
async function pipeline(
  input: string,
  output: string,
  delivery: 'at-least-once' | 'exactly-once',
): Promise<number> {
  const c = quietConnectors({ runId: `bench-${randomUUID()}` });
  const doc = {
    version: 1,
    name: 'bench',
    settings: { microBatch: { maxEvents: 4096, maxDelayMs: 20 }, checkpointIntervalMs: 1000 },
    nodes: [
      {
        id: 'in',
        kind: 'source.kafka',
        params: { bootstrapServers: broker, topics: [input], bounded: true },
      },
      { id: 'keep', kind: 'transform.filter', params: { condition: 'bytes % 10 != 0' } },
      {
        id: 'out',
        kind: 'sink.kafka',
        params: { bootstrapServers: broker, topic: output, key: 'user', delivery },
      },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'keep' },
      { id: 'e2', source: 'keep', target: 'out' },
    ],
  };
  const started = performance.now();
  const run = createRun(doc, { sources: c.sources, sinkFor: c.sinkFor, onCheckpoint: () => undefined });
  run.start();
  const end = await run.done;
  if (end.state !== 'finished') throw new Error(`bench run ${end.state}: ${end.error}`);
  return N / ((performance.now() - started) / 1000);
}

export async function runKafkaConnectors(): Promise<BenchRow[]> {
  const id = randomUUID().slice(0, 8);
  const [input, rawOut, alo, eos, produced] = ['in', 'raw', 'alo', 'eos', 'produce'].map(
    (t) => `bench-${t}-${id}`,
  );
  await createTopics(input as string, rawOut as string, alo as string, eos as string, produced as string);
  const data = messages();
  await rawProduce(input as string, data);
  const produce = await rawProduce(produced as string, data);
  const consume = await rawConsume(input as string);
  const rawPipe = await rawConsume(input as string, rawOut as string);
  const atLeastOnce = await pipeline(input as string, alo as string, 'at-least-once');
  const exactlyOnce = await pipeline(input as string, eos as string, 'exactly-once');
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [input, rawOut, alo, eos, produced] as string[] });
  await admin.disconnect();
  const size = `${(N / 1000).toFixed(0)}k JSON messages, 4 partitions`;
  return [
    { name: `kafkajs consume + JSON.parse (${size})`, eventsPerSec: consume },
    { name: 'kafkajs produce (chunks of 5,000, acks all)', eventsPerSec: produce },
    { name: 'kafkajs consume → filter → produce, hand-written', eventsPerSec: rawPipe },
    {
      name: 'Eventide Kafka source → filter → Kafka sink, at-least-once',
      eventsPerSec: atLeastOnce,
      baseline: 'hand-written kafkajs loop',
      ratio: atLeastOnce / rawPipe,
    },
    {
      name: 'the same, exactly-once (a transaction per 1 s checkpoint)',
      eventsPerSec: exactlyOnce,
      baseline: 'hand-written kafkajs loop',
      ratio: exactlyOnce / rawPipe,
    },
  ];
}
