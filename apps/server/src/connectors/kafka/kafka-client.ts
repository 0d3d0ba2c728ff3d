import { brokerList } from '@eventide/shared';
import { type Admin, Kafka, type KafkaConfig, logLevel, type SASLOptions } from 'kafkajs';
import type { StatusReporter } from '../connector-status.js';

/** The connection params of source.kafka and sink.kafka, secrets already resolved. */
export interface KafkaConnection {
  bootstrapServers: string;
  sasl: {
    mechanism: 'none' | 'plain' | 'scram-sha-256' | 'scram-sha-512';
    username: string;
    password: string;
  };
}

/** A kafkajs client for the node; kafkajs retries each request a few times, we retry whole connections. */
export function kafkaClient(conn: KafkaConnection, clientId: string): Kafka {
  const config: KafkaConfig = {
    clientId,
    brokers: brokerList(conn.bootstrapServers),
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
  };
  const sasl = saslOf(conn.sasl);
  if (sasl) config.sasl = sasl;
  return new Kafka(config);
}

/** Runs `use` with a connected admin client of `kafka`, and disconnects it whatever happens. */
export async function withAdmin<T>(kafka: Kafka, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await use(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Whether every one of `topics` still exists. Kafka answers "unknown topic or partition" also while
 * partitions move after a broker is lost or restarted, so that answer is fatal only when this says
 * the topic is really gone. An unreachable cluster counts as still there (retried, shown as
 * reconnecting).
 */
async function topicsStillThere(kafka: Kafka, topics: readonly string[]): Promise<boolean> {
  return allListed(() => withAdmin(kafka, (admin) => admin.listTopics()), topics);
}

/** Whether `list` names every one of `topics`; true when it fails (the cluster cannot be asked). */
export async function allListed(list: () => Promise<string[]>, topics: readonly string[]): Promise<boolean> {
  try {
    const existing = new Set(await list());
    return topics.every((t) => existing.has(t));
  } catch {
    return true;
  }
}

function saslOf(s: KafkaConnection['sasl']): SASLOptions | undefined {
  switch (s.mechanism) {
    case 'none':
      return undefined;
    case 'plain':
      return { mechanism: 'plain', username: s.username, password: s.password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username: s.username, password: s.password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username: s.username, password: s.password };
  }
}

/**
 * A kafkajs error in words, and whether retrying can help (a lost broker) or not (bad login, no
 * topic). `unknownTopic`: the answer was "unknown topic or partition", which also comes while
 * partitions move after a broker was lost (see topicsStillThere).
 */
export function describeKafkaError(
  err: unknown,
  conn: KafkaConnection,
): { message: string; transient: boolean; unknownTopic?: boolean } {
  const e = err instanceof Error ? err : new Error(String(err));
  const chain = causes(e);
  const names = chain.map((c) => c.name).join(' ');
  const text = chain.map((c) => c.message).join(': ');
  if (/SASLAuthentication/.test(names) || /SASL|authentication/i.test(text))
    return {
      message: `authentication failed at ${conn.bootstrapServers} as "${conn.sasl.username}": ${e.message}`,
      transient: false,
    };
  if (/UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition|not present in metadata/i.test(text))
    return { message: e.message, transient: false, unknownTopic: true };
  if (
    /ECONNREFUSED|Connection error|KafkaJSConnectionError|KafkaJSNumberOfRetriesExceeded|ETIMEDOUT|Closed connection/i.test(
      `${names} ${text}`,
    )
  )
    return { message: `cannot reach the broker at ${conn.bootstrapServers} (${e.message})`, transient: true };
  return { message: e.message, transient: true };
}

/**
 * Reports a kafkajs error as the connector's status: "failed" when it ends the connector (the
 * message is returned), else "reconnecting" (undefined is returned). describeKafkaError's verdict,
 * except that "unknown topic or partition" is fatal only when `topics` are really gone
 * (topicsStillThere).
 */
export async function reportKafkaError(
  err: unknown,
  conn: KafkaConnection,
  kafka: Kafka,
  topics: readonly string[],
  report: StatusReporter,
): Promise<string | undefined> {
  const { message, transient, unknownTopic } = describeKafkaError(err, conn);
  const fatal = !transient && !(unknownTopic && (await topicsStillThere(kafka, topics)));
  report(fatal ? 'failed' : 'reconnecting', message);
  return fatal ? message : undefined;
}

function causes(e: Error): Error[] {
  const out: Error[] = [e];
  let c: unknown = (e as { cause?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  while (c instanceof Error && out.length < 5) {
    out.push(c);
    c = (c as { cause?: unknown }).cause ?? (c as { originalError?: unknown }).originalError;
  }
  return out;
}
