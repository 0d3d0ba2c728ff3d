import type { ConnectorStatus } from '@eventide/shared';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { MqttSink } from '../src/connectors/mqtt/mqtt-sink.js';
import { tempDir, until } from './helpers.js';
import { freePort, PrivateMosquitto } from './private-mosquitto.js';
import { MQTT_URL, serviceAvailable } from './services.js';

const up = await serviceAvailable('mosquitto', MQTT_URL);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function sink(url: string, opts: { topic: string; topicField?: string; maxQueue?: number }) {
  let status: ConnectorStatus['state'] = 'connecting';
  const errors: string[] = [];
  const s = new MqttSink('out', {
    connection: {
      url,
      username: '',
      password: '',
      clientId: `sink-${Math.random().toString(36).slice(2)}`,
      clean: true,
    },
    topic: opts.topic,
    topicField: opts.topicField ?? '',
    qos: 1,
    retain: false,
    maxQueue: opts.maxQueue ?? 1000,
    report: (st) => {
      status = st;
    },
    countError: (r) => errors.push(r),
  });
  cleanups.push(() => s.close(500));
  return { s, status: () => status, errors };
}

async function subscriber(url: string, filter: string) {
  const got: { topic: string; body: unknown }[] = [];
  const c = await mqtt.connectAsync(url, { clientId: `sub-${Math.random().toString(36).slice(2)}` });
  await c.subscribeAsync(filter, { qos: 1 });
  c.on('message', (topic, payload) => got.push({ topic, body: JSON.parse(payload.toString()) }));
  cleanups.push(() => c.endAsync(true));
  return got;
}

describe.skipIf(!up)('sink.mqtt against mosquitto', () => {
  it('publishes JSON to the topic of a field; a result without a valid topic is counted, not sent', async () => {
    const p = `sink${Date.now().toString(36)}`;
    const got = await subscriber(MQTT_URL, `${p}/#`);
    const { s, status, errors } = sink(MQTT_URL, { topic: `${p}/default`, topicField: 'to' });
    await until(() => status() === 'connected', 'connected');
    s.write([{ to: `${p}/a`, v: 1 }, { to: `${p}/+`, v: 2 }, { v: 3 }, { to: `${p}/b`, v: 4 }]);
    await until(() => got.length === 2 && s.published === 2, 'two messages');
    expect(got).toEqual([
      { topic: `${p}/a`, body: { to: `${p}/a`, v: 1 } },
      { topic: `${p}/b`, body: { to: `${p}/b`, v: 4 } },
    ]);
    expect(errors).toEqual([
      `field to is not a topic name: "${p}/+"`,
      'field to is not a topic name: undefined',
    ]);
  });

  it('broker down at start: results wait (bounded) and are delivered once the broker is up', async () => {
    const dir = tempDir('eventide-mosquitto-sink-');
    cleanups.push(dir.cleanup);
    const broker = new PrivateMosquitto(dir.dir, await freePort());
    cleanups.push(() => broker.stop());
    const { s, status } = sink(broker.url, { topic: 'late/out', maxQueue: 10 });
    await until(() => status() === 'reconnecting', 'reconnecting');
    s.write([{ n: 1 }, { n: 2 }]);
    expect(() => s.write(Array.from({ length: 9 }, (_, n) => ({ n })))).toThrow(
      `2 results wait for the MQTT broker at ${broker.url} (maxQueue 10)`,
    );
    await broker.start();
    const got = await subscriber(broker.url, 'late/#');
    await until(() => s.published === 2, 'the queued results published', 10_000);
    // The subscriber joined after the queued publishes may have gone out: check what the sink confirmed.
    expect(status()).toBe('connected');
    s.write([{ n: 3 }]);
    await until(() => got.some((m) => (m.body as { n: number }).n === 3), 'a live result');
  }, 20_000);
});
