/**
 * `pnpm kafka:logins [COUNT]`: the input of the Kafka quick start. Creates the topics "logins" (4
 * partitions) and "login-alerts" when missing, then produces COUNT (default 20,000) logins of the
 * generator's "logins" preset (20 users, 40 % failures, times from now on) to "logins", keyed by user.
 * EVENTIDE_KAFKA moves the broker (default 127.0.0.1:19092, `pnpm services start kafka`).
 */
import { createGeneratorSource, typedNode } from '@eventide/engine';
import { Kafka, logLevel } from 'kafkajs';

const broker = process.env.EVENTIDE_KAFKA ?? '127.0.0.1:19092';
const count = Number(process.argv[2] ?? 20_000);
const kafka = new Kafka({ clientId: 'eventide-logins', brokers: [broker], logLevel: logLevel.NOTHING });

const admin = kafka.admin();
await admin.connect();
const existing = new Set(await admin.listTopics());
const wanted = [
  { topic: 'logins', numPartitions: 4 },
  { topic: 'login-alerts', numPartitions: 1 },
].filter((t) => !existing.has(t.topic));
if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true });
await admin.disconnect();

const source = createGeneratorSource(
  typedNode('source.generator', {
    id: 'logins',
    kind: 'source.generator',
    params: {
      preset: 'logins',
      ratePerSec: 200,
      keyCardinality: 20,
      failureRate: 0.4,
      limit: count,
      startTime: Date.now(),
      pacing: 'max',
    },
  }),
);
const producer = kafka.producer({ allowAutoTopicCreation: false });
await producer.connect();
let sent = 0;
for (;;) {
  const { events, ended } = source.poll(5000, Date.now());
  if (events.length > 0)
    await producer.send({
      topic: 'logins',
      messages: events.map((e) => ({ key: String(e.user), value: JSON.stringify(e) })),
    });
  sent += events.length;
  if (ended) break;
}
await producer.disconnect();
console.log(`produced ${sent} logins to "logins" at ${broker}`);
