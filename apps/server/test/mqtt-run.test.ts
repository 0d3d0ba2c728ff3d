import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventideServer } from '../src/app.js';
import { EXAMPLES, INJECT_HOST, tempDir, testServer, until } from './helpers.js';
import { freePort, PrivateMosquitto } from './private-mosquitto.js';
import { MQTT_URL, serviceAvailable } from './services.js';

const up = await serviceAvailable('mosquitto', MQTT_URL);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fresh server; `call` answers with the parsed body, `call.dataDir` is its data directory. */
async function server() {
  const data = tempDir();
  const s: EventideServer = await testServer(data.dir);
  cleanups.push(data.cleanup, () => s.close());
  const call = async (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) => {
    const res = await s.app.inject({
      method,
      url,
      headers: { host: INJECT_HOST },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return res.json();
  };
  return Object.assign(call, { dataDir: data.dir });
}

type Metrics = {
  state: string;
  nodes: Record<
    string,
    { in: number; out: number; errors: number; status?: { state: string; message?: string } }
  >;
};

describe.skipIf(!up)('MQTT runs through the server', () => {
  it('the MQTT sensors template runs: devices publish, the subscription feeds windows and the dashboard', async () => {
    const call = await server();
    const doc = JSON.parse(readFileSync(path.join(EXAMPLES, 'mqtt-sensors.json'), 'utf8'));
    await call('PUT', '/api/pipelines/mqtt-sensors', doc);
    const { run } = await call('POST', '/api/pipelines/mqtt-sensors/start');
    cleanups.push(() => call('POST', '/api/pipelines/mqtt-sensors/stop'));
    const metrics = async (): Promise<Metrics> => (await call('GET', `/api/runs/${run.id}`)).metrics;
    const m = await until(
      async () => {
        const m = await metrics();
        return (m.nodes['sensor-table']?.in ?? 0) > 0 && m;
      },
      'window results on the dashboard table',
      15_000,
    );
    expect(m.state).toBe('running');
    expect(m.nodes.publish?.in).toBeGreaterThan(0);
    expect(m.nodes['sensors-in']?.out).toBeGreaterThan(0);
    expect(m.nodes['sensors-in']?.status?.state).toBe('connected');
    expect(m.nodes['sensors-in']?.errors).toBe(0);
  }, 30_000);

  it('a broker lost mid-run: the node shows reconnecting, the run goes on, and resumes when the broker is back', async () => {
    const dir = tempDir('eventide-mosquitto-run-');
    cleanups.push(dir.cleanup);
    const broker = new PrivateMosquitto(dir.dir, await freePort());
    cleanups.push(() => broker.stop());
    await broker.start();
    const call = await server();
    await call('PUT', '/api/pipelines/lost', {
      version: 1,
      name: 'Broker lost',
      settings: { microBatch: { maxEvents: 64, maxDelayMs: 5 }, checkpointIntervalMs: 0 },
      nodes: [
        {
          id: 'in',
          kind: 'source.mqtt',
          params: { url: broker.url, topics: ['lost/#'], cleanSession: false, clientId: 'lost-run' },
        },
        { id: 'log', kind: 'sink.event-log', params: {} },
      ],
      edges: [{ id: 'e1', source: 'in', target: 'log' }],
    });
    const { run } = await call('POST', '/api/pipelines/lost/start');
    cleanups.push(() => call('POST', '/api/pipelines/lost/stop'));
    const metrics = async (): Promise<Metrics> => (await call('GET', `/api/runs/${run.id}`)).metrics;
    await until(async () => (await metrics()).nodes.in?.status?.state === 'connected', 'connected');

    const publish = async (n: number) => {
      const pub = await mqtt.connectAsync(broker.url, { clientId: `pub-lost-${n}` });
      await pub.publishAsync('lost/a', JSON.stringify({ n }), { qos: 1 });
      await pub.endAsync();
    };
    await new Promise((r) => setTimeout(r, 200));
    await publish(1);
    await until(async () => (await metrics()).nodes.log?.in === 1, 'the first message');

    await broker.stop();
    const lost = await until(async () => {
      const m = await metrics();
      return m.nodes.in?.status?.state === 'reconnecting' && m;
    }, 'reconnecting');
    expect(lost.state).toBe('running');
    expect(lost.nodes.in?.status?.message).toMatch(/MQTT broker at mqtt:\/\/127\.0\.0\.1:\d+.*retrying in/);

    await broker.start();
    await publish(2);
    await until(
      async () => (await metrics()).nodes.log?.in === 2,
      'the message after the broker came back',
      15_000,
    );
    const back = await metrics();
    expect(back.state).toBe('running');
    expect(back.nodes.in?.status?.state).toBe('connected');
  }, 30_000);
});

/** MQTT in (user eventide, `password` a secret reference) into an event log. */
function loginPipeline(password: string) {
  return {
    version: 1,
    name: 'Secret',
    settings: { microBatch: { maxEvents: 64, maxDelayMs: 5 }, checkpointIntervalMs: 0 },
    nodes: [
      { id: 'in', kind: 'source.mqtt', params: { url: MQTT_URL, username: 'eventide', password } },
      { id: 'log', kind: 'sink.event-log', params: {} },
    ],
    edges: [{ id: 'e1', source: 'in', target: 'log' }],
  };
}

describe('secrets at run start', () => {
  it('a missing variable refuses the start naming node, param and variable; the API only ever shows the reference', async () => {
    const call = await server();
    const doc = loginPipeline('${env:EVENTIDE_TEST_RUN_SECRET}');
    await call('PUT', '/api/pipelines/secret', doc);
    delete process.env.EVENTIDE_TEST_RUN_SECRET;
    const refused = await call('POST', '/api/pipelines/secret/start');
    expect(refused).toMatchObject({
      error: 'cannot-start',
      message:
        'node in: params.password: environment variable EVENTIDE_TEST_RUN_SECRET is not set on the server',
      issues: [{ node: 'in', path: 'password' }],
    });
    if (up) {
      process.env.EVENTIDE_TEST_RUN_SECRET = 'eventide-secret';
      const { run } = await call('POST', '/api/pipelines/secret/start');
      cleanups.push(() => call('POST', '/api/pipelines/secret/stop'));
      await until(
        async () =>
          (await call('GET', `/api/runs/${run.id}`)).metrics.nodes.in?.status?.state === 'connected',
        'connected with the resolved password',
      );
      delete process.env.EVENTIDE_TEST_RUN_SECRET;
    }
    const stored = JSON.stringify(await call('GET', '/api/pipelines/secret'));
    expect(stored).toContain('${env:EVENTIDE_TEST_RUN_SECRET}');
    expect(stored).not.toContain('eventide-secret');
  });

  it('${secret:NAME} comes from <dataDir>/secrets.json: refused naming node, param and secret while the file lacks it, connects once it has it', async () => {
    const call = await server();
    const doc = loginPipeline('${secret:MQTT_PW}');
    await call('PUT', '/api/pipelines/secret-file', doc);
    const file = path.join(call.dataDir, 'secrets.json');
    writeFileSync(file, JSON.stringify({ OTHER: 'x' }), { mode: 0o600 });
    expect(await call('POST', '/api/pipelines/secret-file/start')).toMatchObject({
      error: 'cannot-start',
      message: `node in: params.password: secret MQTT_PW is not in ${file}`,
      issues: [{ node: 'in', path: 'password' }],
    });
    writeFileSync(file, JSON.stringify({ MQTT_PW: 'eventide-secret' }), { mode: 0o600 });
    if (up) {
      const { run } = await call('POST', '/api/pipelines/secret-file/start');
      cleanups.push(() => call('POST', '/api/pipelines/secret-file/stop'));
      await until(
        async () =>
          (await call('GET', `/api/runs/${run.id}`)).metrics.nodes.in?.status?.state === 'connected',
        'connected with the password from the file',
      );
    }
    const stored = JSON.stringify(await call('GET', '/api/pipelines/secret-file'));
    expect(stored).toContain('${secret:MQTT_PW}');
    expect(stored).not.toContain('eventide-secret');
  });
});
