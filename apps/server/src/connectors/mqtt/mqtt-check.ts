import {
  type PeekedMessage,
  type SinkMqttParams,
  type SourceMqttParams,
  sinkMqttParams,
  sourceMqttParams,
} from '@eventide/shared';
import type { MqttClient } from 'mqtt';
import { CHECK_TIMEOUT_MS, type ConnectorCheck, type PeekOptions } from '../checks/connector-check.js';
import { clientOptions, mqttConnectionOf, mqttLib } from './mqtt-client.js';
import { parseMqttMessage } from './mqtt-payload.js';
import { mqttErrorInWords } from './mqtt-words.js';

type MqttParams = SourceMqttParams | SinkMqttParams;

/** A clean session of its own, so a check never takes over (or disturbs) a run's persistent one. */
function checkClient(p: MqttParams) {
  const c = mqttConnectionOf(
    { ...p, clientId: '', cleanSession: true },
    `eventide-check-${Math.random().toString(36).slice(2, 10)}`,
  );
  return {
    url: c.url,
    client: () =>
      mqttLib().connectAsync(
        c.url,
        clientOptions(c, { reconnectPeriod: 0, connectTimeout: CHECK_TIMEOUT_MS }),
      ),
  };
}

async function test(p: MqttParams) {
  const { url, client } = checkClient(p);
  try {
    const c = await client();
    await c.endAsync(true);
    return {
      ok: true,
      message: `connected to the MQTT broker at ${url}${p.username ? ` as ${p.username}` : ''}`,
    };
  } catch (e) {
    return { ok: false, message: mqttErrorInWords(e, url) };
  }
}

async function peek(p: SourceMqttParams, opts: PeekOptions) {
  const { url, client } = checkClient(p);
  let c: MqttClient;
  try {
    c = await client();
  } catch (e) {
    return { ok: false, message: mqttErrorInWords(e, url), messages: [] };
  }
  const messages: PeekedMessage[] = [];
  let enough: () => void = () => {};
  const full = new Promise<void>((r) => {
    enough = r;
  });
  c.on('message', (topic, payload, packet) => {
    if (messages.length >= opts.maxMessages) return;
    const parsed = parseMqttMessage(topic, payload, p.topicField);
    const retained = packet.retain === true;
    if ('event' in parsed) messages.push({ source: topic, event: parsed.event, retained });
    else
      messages.push({
        source: topic,
        error: String(parsed.error.error),
        raw: String(parsed.error.payload),
        retained,
      });
    if (messages.length >= opts.maxMessages) enough();
  });
  try {
    // QoS 0: a peek must not take messages from anyone, and needs no acknowledgements.
    const granted = await c.subscribeAsync(p.topics, { qos: 0 });
    const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
    if (refused.length > 0)
      return { ok: false, message: `the broker refused the subscription to ${refused.join(', ')}`, messages };
    await Promise.race([full, new Promise((r) => setTimeout(r, opts.waitMs))]);
  } finally {
    await c.endAsync(true);
  }
  const seconds = (opts.waitMs / 1000).toFixed(1);
  return {
    ok: true,
    message:
      messages.length === 0
        ? `no retained message on ${p.topics.join(', ')} and none arrived within ${seconds} s`
        : `${messages.length} message${messages.length === 1 ? '' : 's'} from ${p.topics.join(', ')}`,
    messages,
  };
}

export const sourceMqttCheck: ConnectorCheck<SourceMqttParams> = {
  parse: (params) => sourceMqttParams.safeParse(params),
  test,
  peek,
};

export const sinkMqttCheck: ConnectorCheck<SinkMqttParams> = {
  parse: (params) => sinkMqttParams.safeParse(params),
  test,
};
