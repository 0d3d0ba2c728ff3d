import type { ConnectorStatus } from '@eventide/shared';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { MqttSource } from '../src/connectors/mqtt/mqtt-source.js';
import { tempDir, until } from './helpers.js';
import { freePort, PrivateMosquitto } from './private-mosquitto.js';
import { MQTT_URL, serviceAvailable } from './services.js';

const up = await serviceAvailable('mosquitto', MQTT_URL);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Test-unique topic prefix: tests share the broker. */
const prefix = () => `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

function source(
  url: string,
  opts: {
    topics: string[];
    clientId?: string;
    clean?: boolean;
    qos?: 0 | 1 | 2;
    password?: string;
    username?: string;
  },
) {
  let status: ConnectorStatus['state'] = 'connecting';
  let message = '';
  const src = new MqttSource('in', {
    connection: {
      url,
      username: opts.username ?? '',
      password: opts.password ?? '',
      clientId: opts.clientId ?? `test-${prefix()}`,
      clean: opts.clean ?? true,
    },
    topics: opts.topics,
    qos: opts.qos ?? 1,
    topicField: 'topic',
    maxBuffer: 10_000,
    report: (s, m) => {
      status = s;
      message = m ?? '';
    },
  });
  cleanups.push(() => src.close());
  return { src, status: () => status, message: () => message };
}

async function publisher(url: string) {
  const client = await mqtt.connectAsync(url, { clientId: `pub-${prefix()}`, reconnectPeriod: 200 });
  cleanups.push(() => client.endAsync(true));
  return client;
}

/** Polls the source until `n` events arrived (and returns every event and error seen). */
async function drain(src: MqttSource, n: number, timeoutMs = 10_000) {
  const events: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  await until(
    () => {
      const p = src.poll(1000);
      events.push(...p.events);
      errors.push(...(p.errors ?? []));
      return events.length >= n;
    },
    `${n} events (have ${events.length})`,
    timeoutMs,
  );
  return { events, errors };
}

describe.skipIf(!up)('source.mqtt against mosquitto', () => {
  it('subscribes with + and # wildcards: exactly the matching topics arrive, with the topic in a field', async () => {
    const p = prefix();
    const { src, status } = source(MQTT_URL, { topics: [`${p}/+/temp`, `${p}/alarms/#`] });
    await until(() => status() === 'connected' && src.size === 0, 'connected');
    // Subscriptions are acknowledged after CONNACK: give SUBACK a moment.
    await new Promise((r) => setTimeout(r, 200));
    const pub = await publisher(MQTT_URL);
    const topics = [
      `${p}/a/temp`, // +
      `${p}/b/temp`, // +
      `${p}/a/b/temp`, // + is one level: no
      `${p}/a/humidity`, // no
      `${p}/alarms`, // # matches the parent level too
      `${p}/alarms/fire/floor2`, // #
      `${p}x/a/temp`, // other prefix: no
    ];
    for (const [i, t] of topics.entries()) await pub.publishAsync(t, JSON.stringify({ i }), { qos: 1 });
    const { events } = await drain(src, 4);
    await new Promise((r) => setTimeout(r, 300));
    events.push(...src.poll(1000).events);
    expect(events.map((e) => e.topic).sort()).toEqual(
      [`${p}/a/temp`, `${p}/b/temp`, `${p}/alarms`, `${p}/alarms/fire/floor2`].sort(),
    );
    expect(events.find((e) => e.topic === `${p}/b/temp`)).toEqual({ i: 1, topic: `${p}/b/temp` });
  });

  it('a malformed payload goes to the error port with the reason; good messages around it still arrive', async () => {
    const p = prefix();
    const { src, status } = source(MQTT_URL, { topics: [`${p}/#`] });
    await until(() => status() === 'connected', 'connected');
    await new Promise((r) => setTimeout(r, 200));
    const pub = await publisher(MQTT_URL);
    await pub.publishAsync(`${p}/s`, '{"v": 1}', { qos: 1 });
    await pub.publishAsync(`${p}/s`, '{"v": ', { qos: 1 });
    await pub.publishAsync(`${p}/s`, '[1, 2]', { qos: 1 });
    await pub.publishAsync(`${p}/s`, '{"v": 2}', { qos: 1 });
    const { events, errors } = await drain(src, 2);
    await until(() => {
      errors.push(...(src.poll(1000).errors ?? []));
      return errors.length >= 2;
    }, 'two errors');
    expect(events).toEqual([
      { v: 1, topic: `${p}/s` },
      { v: 2, topic: `${p}/s` },
    ]);
    expect(errors.map((e) => [e.topic, e.payload])).toEqual([
      [`${p}/s`, '{"v": '],
      [`${p}/s`, '[1, 2]'],
    ]);
    expect(String(errors[0]?.error)).toMatch(/^payload is not JSON/);
    expect(errors[1]?.error).toBe('payload is JSON but not an object');
  });

  it('a refused password is reported in words as failed; the right one (as a resolved secret) connects', async () => {
    const wrong = source(MQTT_URL, { topics: ['x/#'], username: 'eventide', password: 'not-the-password' });
    await until(() => wrong.status() === 'failed', 'the refusal', 5000);
    expect(wrong.message()).toBe(
      `the MQTT broker at ${MQTT_URL} refused the login: wrong username or password, or not authorized`,
    );
    const right = source(MQTT_URL, { topics: ['x/#'], username: 'eventide', password: 'eventide-secret' });
    await until(() => right.status() === 'connected', 'connected with the password', 5000);
  });

  it('QoS 1 with a persistent session: no message lost across a broker restart, broker down at start shown as reconnecting', async () => {
    const dir = tempDir('eventide-mosquitto-');
    cleanups.push(dir.cleanup);
    const broker = new PrivateMosquitto(dir.dir, await freePort());
    cleanups.push(() => broker.stop());
    const p = prefix();

    // Broker down at start: the source says so and keeps trying.
    const { src, status, message } = source(broker.url, {
      topics: [`${p}/#`],
      clientId: `persistent-${p}`,
      clean: false,
    });
    await until(() => status() === 'reconnecting', 'reconnecting before the broker is up');
    expect(message()).toMatch(new RegExp(`^no MQTT broker answers at ${broker.url}.*retrying in`));
    await broker.start();
    await until(() => status() === 'connected', 'connected once the broker is up', 5000);
    await new Promise((r) => setTimeout(r, 200));

    const pub = await publisher(broker.url);
    for (let i = 0; i < 100; i++) await pub.publishAsync(`${p}/n`, JSON.stringify({ n: i }), { qos: 1 });
    const before = await drain(src, 100);

    // Restart: the source loses the broker; while it is away from the new broker, messages queue
    // in its persistent session (restored from the persistence file).
    await pub.endAsync(true);
    await broker.stop();
    await until(() => status() === 'reconnecting', 'reconnecting after the broker stopped');
    expect(message()).toMatch(/retrying in/);
    await broker.start();
    const pub2 = await mqtt.connectAsync(broker.url, { clientId: `pub2-${p}` });
    cleanups.push(() => pub2.endAsync(true));
    // The source is still in its backoff: what follows queues in its persistent session.
    expect(status()).toBe('reconnecting');
    for (let i = 100; i < 300; i++) await pub2.publishAsync(`${p}/n`, JSON.stringify({ n: i }), { qos: 1 });
    const after = await drain(src, 200, 15_000);
    expect(status()).toBe('connected');
    const seen = [...before.events, ...after.events].map((e) => e.n as number);
    // QoS 1 is at least once: duplicates are allowed, losses are not.
    expect(new Set(seen).size).toBe(300);
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(300 - 1);
  }, 30_000);
});
