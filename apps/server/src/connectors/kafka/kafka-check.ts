import {
  type ConnectionTestResult,
  type PeekedMessage,
  type SinkKafkaParams,
  type SourceKafkaParams,
  sinkKafkaParams,
  sourceKafkaParams,
} from '@eventide/shared';
import { CHECK_TIMEOUT_MS, type ConnectorCheck, type PeekOptions } from '../checks/connector-check.js';
import { describeKafkaError, type KafkaConnection, kafkaClient } from './kafka-client.js';
import { parseKafkaMessage } from './kafka-message.js';

const checkId = () => `eventide-check-${Math.random().toString(36).slice(2, 10)}`;

/** The brokers answer, the login works, and the node's topics exist (a run would fail on a missing one). */
async function test(conn: KafkaConnection, topics: string[]): Promise<ConnectionTestResult> {
  const admin = kafkaClient(conn, checkId()).admin();
  try {
    await withTimeout(admin.connect());
    const existing = new Set(await withTimeout(admin.listTopics()));
    const as = conn.sasl.mechanism === 'none' ? '' : ` as ${conn.sasl.username}`;
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0)
      return {
        ok: false,
        message: `connected to ${conn.bootstrapServers}${as}, but the broker has no topic ${missing.join(', ')}`,
      };
    return {
      ok: true,
      message: `connected to ${conn.bootstrapServers}${as}; topic ${topics.join(', ')} found`,
    };
  } catch (e) {
    return { ok: false, message: describeKafkaError(e, conn).message };
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * The latest messages of the node's topics, read by a consumer of a throwaway group from the end
 * of each partition (the run's own group and its committed offsets are not touched; the throwaway
 * group is deleted afterwards).
 */
async function peek(p: SourceKafkaParams, opts: PeekOptions) {
  const kafka = kafkaClient(p, checkId());
  const admin = kafka.admin();
  const group = checkId();
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10_000 });
  const messages: PeekedMessage[] = [];
  try {
    await withTimeout(admin.connect());
    const starts: { topic: string; partition: number; offset: string }[] = [];
    for (const topic of p.topics)
      for (const o of await withTimeout(admin.fetchTopicOffsets(topic))) {
        const from = Math.max(Number(o.low), Number(o.high) - opts.maxMessages);
        if (from < Number(o.high)) starts.push({ topic, partition: o.partition, offset: String(from) });
      }
    if (starts.length === 0)
      return { ok: true, message: `no messages yet in ${p.topics.join(', ')}`, messages };
    await withTimeout(consumer.connect());
    await withTimeout(consumer.subscribe({ topics: p.topics }));
    let enough: () => void = () => {};
    const full = new Promise<void>((r) => {
      enough = r;
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        if (messages.length >= opts.maxMessages) return;
        const parsed = parseKafkaMessage(message, p);
        const source = `${topic}/${partition}@${message.offset}`;
        messages.push(
          'event' in parsed
            ? { source, event: parsed.event }
            : { source, error: parsed.error, raw: String(message.value ?? '') },
        );
        if (messages.length >= opts.maxMessages) enough();
      },
    });
    for (const s of starts) consumer.seek(s);
    await Promise.race([full, new Promise((r) => setTimeout(r, opts.waitMs))]);
    return { ok: true, message: `${messages.length} latest messages of ${p.topics.join(', ')}`, messages };
  } catch (e) {
    return { ok: false, message: describeKafkaError(e, p).message, messages };
  } finally {
    await consumer.disconnect().catch(() => {});
    await admin.deleteGroups([group]).catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS),
    ),
  ]);
}

export const sourceKafkaCheck: ConnectorCheck<SourceKafkaParams> = {
  parse: (params) => sourceKafkaParams.safeParse(params),
  test: (p) => test(p, p.topics),
  peek,
};

export const sinkKafkaCheck: ConnectorCheck<SinkKafkaParams> = {
  parse: (params) => sinkKafkaParams.safeParse(params),
  test: (p) => test(p, [p.topic]),
};
