/**
 * MQTT in: events/s of a source.mqtt -> filter -> sink pipeline draining a backlog from mosquitto,
 * beside the raw mqtt client draining the same backlog in the same run (the ratio is the figure).
 * `pnpm bench connectors` (or `pnpm bench mqtt`) after `pnpm services start mosquitto`.
 * MQTT_BENCH_EVENTS sets the backlog (default 100,000; the broker's queue holds 100,000 per session).
 *
 * Both consumers read a persistent session (QoS 1) whose messages were queued while they were away,
 * so the broker sends as fast as the consumer takes them and the publisher's speed does not count.
 */
import { createRun } from '@eventide/engine';
import { PipelineDocumentSchema } from '@eventide/shared';
import mqtt from 'mqtt';
import { median } from '../../../packages/engine/bench/measure.js';
import { MqttSource } from '../src/connectors/mqtt/mqtt-source.js';
import { MQTT_URL, reachable } from '../test/services.js';

const EVENTS = Number(process.env.MQTT_BENCH_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.MQTT_BENCH_ROUNDS ?? 2);

/** Creates the persistent session `clientId` subscribed to `topic`, then leaves it. */
async function prepareSession(clientId: string, topic: string): Promise<void> {
  const c = await mqtt.connectAsync(MQTT_URL, { clientId, clean: false });
  await c.subscribeAsync(topic, { qos: 1 });
  await c.endAsync();
}

/** Queues EVENTS JSON messages on `topic` (QoS 1, pipelined), for the sessions away. */
async function backlog(topic: string): Promise<void> {
  const c = await mqtt.connectAsync(MQTT_URL, { clientId: `bench-pub-${process.pid}` });
  const batch = 1000;
  for (let i = 0; i < EVENTS; i += batch) {
    const sends: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(EVENTS, i + batch); j++)
      sends.push(
        c.publishAsync(topic, JSON.stringify({ sensor: `s${j % 100}`, temperature: 20 + (j % 13), n: j }), {
          qos: 1,
        }),
      );
    await Promise.all(sends);
  }
  await c.endAsync();
}

/** The raw client: connect to its session and count messages (JSON.parse each, as the source does). */
async function rawRate(clientId: string): Promise<number> {
  const started = performance.now();
  let n = 0;
  let sum = 0;
  const c = mqtt.connect(MQTT_URL, { clientId, clean: false });
  await new Promise<void>((resolve) => {
    c.on('message', (_t, payload) => {
      sum += (JSON.parse(payload.toString()) as { temperature: number }).temperature;
      if (++n === EVENTS) resolve();
    });
  });
  const s = (performance.now() - started) / 1000;
  await c.endAsync();
  if (sum <= 0) throw new Error('no data');
  return EVENTS / s;
}

/** Eventide: source.mqtt -> filter -> collecting sink, driven step by step until EVENTS reached the sink. */
async function eventideRate(clientId: string, topic: string): Promise<number> {
  const doc = PipelineDocumentSchema.parse({
    version: 2,
    name: 'bench',
    settings: { microBatch: { maxEvents: 512, maxDelayMs: 5 }, checkpointIntervalMs: 0 },
    nodes: [
      { id: 'in', kind: 'source.mqtt', params: { url: MQTT_URL, topics: [topic] } },
      { id: 'f', kind: 'transform.filter', params: { condition: 'temperature > 0' } },
      { id: 'out', kind: 'sink.table', params: {} },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'f' },
      { id: 'e2', source: 'f', target: 'out' },
    ],
  });
  const started = performance.now();
  const source = new MqttSource('in', {
    connection: { url: MQTT_URL, username: '', password: '', clientId, clean: false },
    topics: [topic],
    qos: 1,
    topicField: 'topic',
    maxBuffer: 10_000,
    report: () => {},
  });
  let reached = 0;
  const run = createRun(doc, { sourceOverrides: { in: source }, collectLimit: 10 });
  run.watchSink('out', (events) => {
    reached += events.length;
  });
  run.start();
  await new Promise<void>((resolve) => {
    const check = () => (reached >= EVENTS ? resolve() : setTimeout(check, 2));
    check();
  });
  const s = (performance.now() - started) / 1000;
  await run.stop();
  source.close();
  return EVENTS / s;
}

/**
 * One row per side, the ratio on Eventide's (`pnpm bench connectors` runs it beside the Kafka rows;
 * `pnpm bench mqtt` alone).
 */
export async function runMqttIn(): Promise<
  { name: string; eventsPerSec: number; baseline?: string; ratio?: number }[]
> {
  if (!(await reachable(MQTT_URL)))
    throw new Error(`mosquitto is not reachable at ${MQTT_URL}: run \`pnpm services start mosquitto\``);
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const raw: number[] = [];
  const eventide: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const who of ['raw', 'eventide'] as const) {
      const clientId = `bench-${who}-${tag}-${round}`;
      const topic = `bench/${tag}/${who}/${round}`;
      await prepareSession(clientId, topic);
      await backlog(topic);
      if (who === 'raw') raw.push(await rawRate(clientId));
      else eventide.push(await eventideRate(clientId, topic));
    }
  }
  const r = median(raw);
  const e = median(eventide);
  const size = `QoS 1 backlog of ${EVENTS.toLocaleString('en-US')} JSON messages, median of ${ROUNDS}`;
  return [
    { name: `mqtt client consume + JSON.parse (${size})`, eventsPerSec: r },
    {
      name: 'Eventide source.mqtt → filter → sink',
      eventsPerSec: e,
      baseline: 'raw mqtt client',
      ratio: e / r,
    },
  ];
}
