/**
 * Why Eventide's Kafka connectors use @platformatic/kafka: consume N JSON messages (default
 * 1,000,000, ~110 bytes each, 4 partitions) from a real broker with kafkajs and with
 * @platformatic/kafka, JSON.parse each value, and print messages/s. Also checks that both can run
 * a transaction (begin, send, commit) against the broker.
 *   node --conditions=source --import tsx apps/server/bench/kafka-clients.ts [N]
 * Needs `pnpm services start kafka` (EVENTIDE_KAFKA, default 127.0.0.1:19092).
 */
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';

const broker = process.env.EVENTIDE_KAFKA ?? '127.0.0.1:19092';
const total = Number(process.argv[2] ?? 1_000_000);
const topic = `bench-clients-${total}`;

async function ensureTopic(): Promise<void> {
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [broker] });
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) {
    await admin.createTopics({ topics: [topic], partitions: 4, replicas: 1 });
    const producer = new Producer({
      clientId: 'bench-fill',
      bootstrapBrokers: [broker],
      serializers: stringSerializers,
    });
    for (let i = 0; i < total; i += 5000) {
      const messages = [];
      for (let j = i; j < Math.min(total, i + 5000); j++)
        messages.push({
          topic,
          key: `user-${j % 1000}`,
          value: JSON.stringify({ user: `user-${j % 1000}`, ts: 1_700_000_000_000 + j, type: 'fail', n: j }),
          partition: j % 4,
        });
      await producer.send({ messages });
    }
    await producer.close();
  }
  await admin.close();
}

async function platformatic(): Promise<number> {
  const consumer = new Consumer({
    clientId: 'bench-pk',
    groupId: `bench-pk-${Date.now()}`,
    bootstrapBrokers: [broker],
    deserializers: stringDeserializers,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  const started = performance.now();
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
  let n = 0;
  let sum = 0;
  for await (const message of stream) {
    sum += (JSON.parse(message.value) as { n: number }).n;
    if (++n === total) break;
  }
  const seconds = (performance.now() - started) / 1000;
  await stream.close();
  await consumer.close(true);
  if (sum < 0) throw new Error('unreachable');
  return total / seconds;
}

async function kafkajs(): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-kjs', brokers: [broker], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId: `bench-kjs-${Date.now()}`,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  const started = performance.now();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let n = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          JSON.parse(String(m.value));
          if (++n === total) resolve();
        }
      },
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return total / seconds;
}

async function transactions(): Promise<{ platformatic: boolean; kafkajs: boolean }> {
  const pk = new Producer({
    clientId: 'bench-tx-pk',
    bootstrapBrokers: [broker],
    serializers: stringSerializers,
    idempotent: true,
    transactionalId: 'bench-tx-pk',
  });
  const tx = await pk.beginTransaction();
  await tx.send({ messages: [{ topic, value: '{"n":-1}', partition: 0 }] });
  await tx.commit();
  await pk.close();
  const kafka = new Kafka({ clientId: 'bench-tx-kjs', brokers: [broker], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({
    transactionalId: 'bench-tx-kjs',
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const t = await producer.transaction();
  await t.send({ topic, messages: [{ value: '{"n":-1}', partition: 0 }] });
  await t.commit();
  await producer.disconnect();
  return { platformatic: true, kafkajs: true };
}

await ensureTopic();
const rounds = 2;
const pk: number[] = [];
const kjs: number[] = [];
for (let r = 0; r < rounds; r++) {
  pk.push(await platformatic());
  kjs.push(await kafkajs());
}
const best = (xs: number[]) => Math.max(...xs);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`consume + JSON.parse of ${fmt(total)} messages (best of ${rounds}, interleaved):`);
console.log(`  @platformatic/kafka  ${fmt(best(pk))} msg/s   runs: ${pk.map(fmt).join(', ')}`);
console.log(`  kafkajs              ${fmt(best(kjs))} msg/s   runs: ${kjs.map(fmt).join(', ')}`);
console.log(`  ratio platformatic/kafkajs: ${(best(pk) / best(kjs)).toFixed(2)}x`);
console.log(`transactions (begin, send, commit against the broker): ${JSON.stringify(await transactions())}`);
