import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { useTestServer } from './helpers.js';
import { freePort } from './private-mosquitto.js';
import { MQTT_URL, POSTGRES_URL, serviceAvailable } from './services.js';

const mqttUp = await serviceAvailable('mosquitto', MQTT_URL);
const pgUp = await serviceAvailable('postgres', POSTGRES_URL);

const { call, dataDir } = useTestServer();

const post = async (url: string, payload: Record<string, unknown>) => {
  const res = await call({ method: 'POST', url, payload });
  return { status: res.statusCode, body: res.json() };
};

describe('connector checks: requests', () => {
  it('lists the kinds with checks, for the inspector', async () => {
    const res = await call({ method: 'GET', url: '/api/connectors' });
    expect(res.json().kinds).toEqual(
      expect.arrayContaining([
        { kind: 'source.mqtt', test: true, peek: true },
        { kind: 'sink.mqtt', test: true, peek: false },
        { kind: 'sink.postgres', test: true, peek: false },
      ]),
    );
  });

  it('a kind without checks, or params that do not parse, are 400 with the reason', async () => {
    expect(await post('/api/connectors/test', { kind: 'sink.table', params: {} })).toEqual({
      status: 400,
      body: { error: 'no-check', message: 'kind sink.table has no connection test' },
    });
    const bad = await post('/api/connectors/test', {
      kind: 'source.mqtt',
      node: 'sensors',
      params: { topics: ['a/#/b'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe(
      'node sensors: params.topics.0: "#" must be a whole level and the last one, e.g. sensors/#',
    );
    expect((await post('/api/connectors/peek', { kind: 'sink.postgres', params: {} })).body.error).toBe(
      'no-peek',
    );
  });

  it('a secret the server lacks is named by node, param and variable; a literal password is refused', async () => {
    const r = await post('/api/connectors/test', {
      kind: 'sink.postgres',
      node: 'db',
      params: { password: '${env:EVENTIDE_TEST_UNSET_SECRET}' },
    });
    expect(r).toEqual({
      status: 400,
      body: {
        error: 'invalid-params',
        message:
          'node db: params.password: environment variable EVENTIDE_TEST_UNSET_SECRET is not set on the server',
        issues: [
          {
            severity: 'error',
            node: 'db',
            path: 'password',
            message: 'environment variable EVENTIDE_TEST_UNSET_SECRET is not set on the server',
          },
        ],
      },
    });
    const literal = await post('/api/connectors/test', {
      kind: 'sink.postgres',
      params: { password: 'hunter2' },
    });
    expect(literal.status).toBe(400);
    expect(literal.body.message).toMatch(/params\.password: write \$\{env:NAME\}/);
  });

  it('nobody listening is an answer in words, not an error', async () => {
    const port = await freePort();
    expect(
      await post('/api/connectors/test', { kind: 'sink.mqtt', params: { url: `mqtt://127.0.0.1:${port}` } }),
    ).toEqual({
      status: 200,
      body: { ok: false, message: `no MQTT broker answers at mqtt://127.0.0.1:${port} (connection refused)` },
    });
  });
});

describe.skipIf(!mqttUp)('connector checks: MQTT', () => {
  it('tests reachability and the password (a ${env:NAME} secret)', async () => {
    expect(await post('/api/connectors/test', { kind: 'source.mqtt', params: { url: MQTT_URL } })).toEqual({
      status: 200,
      body: { ok: true, message: `connected to the MQTT broker at ${MQTT_URL}` },
    });
    process.env.EVENTIDE_TEST_MQTT_PASSWORD = 'wrong';
    const params = { url: MQTT_URL, username: 'eventide', password: '${env:EVENTIDE_TEST_MQTT_PASSWORD}' };
    expect((await post('/api/connectors/test', { kind: 'source.mqtt', params })).body).toEqual({
      ok: false,
      message: `the MQTT broker at ${MQTT_URL} refused the login: wrong username or password, or not authorized`,
    });
    process.env.EVENTIDE_TEST_MQTT_PASSWORD = 'eventide-secret';
    expect((await post('/api/connectors/test', { kind: 'source.mqtt', params })).body).toEqual({
      ok: true,
      message: `connected to the MQTT broker at ${MQTT_URL} as eventide`,
    });
    delete process.env.EVENTIDE_TEST_MQTT_PASSWORD;
  });

  it('tests the password from the data directory (a ${secret:NAME} secret); a name the file lacks is a 400 naming node, param and secret', async () => {
    const file = path.join(dataDir(), 'secrets.json');
    writeFileSync(file, JSON.stringify({ MQTT_PW: 'eventide-secret', WRONG_PW: 'wrong' }), { mode: 0o600 });
    const login = (password: string) => ({ url: MQTT_URL, username: 'eventide', password });
    expect(
      (await post('/api/connectors/test', { kind: 'source.mqtt', params: login('${secret:WRONG_PW}') })).body,
    ).toEqual({
      ok: false,
      message: `the MQTT broker at ${MQTT_URL} refused the login: wrong username or password, or not authorized`,
    });
    expect(
      (await post('/api/connectors/test', { kind: 'source.mqtt', params: login('${secret:MQTT_PW}') })).body,
    ).toEqual({
      ok: true,
      message: `connected to the MQTT broker at ${MQTT_URL} as eventide`,
    });
    const missing = await post('/api/connectors/test', {
      kind: 'source.mqtt',
      node: 'in',
      params: login('${secret:NOPE}'),
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe(`node in: params.password: secret NOPE is not in ${file}`);
    rmSync(file);
  });

  it('peeks: the retained message at once, then messages arriving within the wait, malformed ones marked', async () => {
    const p = `peek${Date.now().toString(36)}`;
    const pub = await mqtt.connectAsync(MQTT_URL, { clientId: `pub-${p}` });
    await pub.publishAsync(`${p}/s1`, JSON.stringify({ sensor: 's1', temp: 20.5 }), { qos: 1, retain: true });
    const peeking = post('/api/connectors/peek', {
      kind: 'source.mqtt',
      params: { url: MQTT_URL, topics: [`${p}/+`] },
      maxMessages: 3,
      waitMs: 5000,
    });
    await new Promise((r) => setTimeout(r, 500));
    await pub.publishAsync(`${p}/s2`, JSON.stringify({ sensor: 's2', temp: 19, ok: true }), { qos: 1 });
    await pub.publishAsync(`${p}/s3`, 'not json', { qos: 1 });
    const r = await peeking;
    // Clear the retained message.
    await pub.publishAsync(`${p}/s1`, '', { qos: 1, retain: true });
    await pub.endAsync();
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(r.body.message).toBe(`3 messages from ${p}/+`);
    expect(r.body.messages[0]).toEqual({
      source: `${p}/s1`,
      event: { sensor: 's1', temp: 20.5, topic: `${p}/s1` },
      retained: true,
    });
    expect(r.body.messages[1]).toEqual({
      source: `${p}/s2`,
      event: { sensor: 's2', temp: 19, ok: true, topic: `${p}/s2` },
      retained: false,
    });
    expect(r.body.messages[2]).toMatchObject({ source: `${p}/s3`, raw: 'not json', retained: false });
    expect(r.body.messages[2].error).toMatch(/^payload is not JSON/);
    expect(r.body.fields).toEqual([
      { name: 'sensor', type: 'string' },
      { name: 'temp', type: 'number' },
      { name: 'topic', type: 'string' },
      { name: 'ok', type: 'boolean' },
    ]);
  });

  it('peeking at a quiet topic says so', async () => {
    const r = await post('/api/connectors/peek', {
      kind: 'source.mqtt',
      params: { url: MQTT_URL, topics: ['nobody/publishes/here'] },
      waitMs: 300,
    });
    expect(r.body).toEqual({
      ok: true,
      message: 'no retained message on nobody/publishes/here and none arrived within 0.3 s',
      messages: [],
      fields: [],
    });
  });
});

describe.skipIf(!pgUp)('connector checks: PostgreSQL', () => {
  it('names role and database, and whether the table exists or will be created', async () => {
    const params = { url: POSTGRES_URL, table: 'no_such_table_here' };
    expect((await post('/api/connectors/test', { kind: 'sink.postgres', params })).body).toEqual({
      ok: false,
      message: `connected to PostgreSQL at ${POSTGRES_URL} as eventide (database eventide); table public.no_such_table_here does not exist (set createTable: true to create it)`,
    });
    expect(
      (
        await post('/api/connectors/test', {
          kind: 'sink.postgres',
          params: { ...params, createTable: true },
        })
      ).body.ok,
    ).toBe(true);
    const secret = POSTGRES_URL.replace(/\/\/[^@/]*@/, '//eventide_secret@');
    process.env.EVENTIDE_TEST_PG_PASSWORD = 'wrong';
    const r = await post('/api/connectors/test', {
      kind: 'sink.postgres',
      params: { url: secret, password: '${env:EVENTIDE_TEST_PG_PASSWORD}' },
    });
    delete process.env.EVENTIDE_TEST_PG_PASSWORD;
    expect(r.body.ok).toBe(false);
    expect(r.body.message).toMatch(
      /refused the password: password authentication failed for user "eventide_secret"/,
    );
    expect(r.body.message).not.toContain('wrong');
  });
});
