import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { runBounded } from '@eventide/engine';
import type { DeployResponse, FlinkDeployment, PipelineDocument, ServerMessage } from '@eventide/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventideServer } from '../src/app.js';
import { cancelCommand, deployCommand, jobsCommand } from '../src/cli/deploy-command.js';
import { FLINK_URL, flinkJobState, flinkSessionAvailable, GATEWAY_URL } from './flink-services.js';
import { EXAMPLES, tempDir, testServer, until } from './helpers.js';
import { createTopic, generatedLogins, KAFKA, kafkaAvailable, produce, topicName } from './kafka-helpers.js';

/** The Kafka CEP template reading `input` and writing its Kafka sink to `output`. */
function kafkaTemplate(input: string, output: string): PipelineDocument {
  const doc = JSON.parse(
    readFileSync(path.join(EXAMPLES, 'kafka-brute-force-logins.json'), 'utf8'),
  ) as PipelineDocument;
  for (const n of doc.nodes) {
    if (n.kind === 'source.kafka') n.params = { ...n.params, topics: [input] };
    if (n.kind === 'sink.kafka') n.params = { ...n.params, topic: output };
  }
  return doc;
}

const ready = (await kafkaAvailable()) && (await flinkSessionAvailable());

describe.runIf(ready)('deploying the Kafka CEP template to a Flink session cluster', () => {
  const data = tempDir();
  const input = topicName('deploy-logins');
  const output = topicName('deploy-alerts');
  let server: EventideServer;
  let base: string;
  let jobId: string | undefined;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    server = await testServer(data.dir, { port: 0 });
    await server.listen();
    base = `127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    await createTopic(input, 1);
    await createTopic(output, 1);
  }, 60_000);

  afterAll(async () => {
    // A failed test must not leave its job running on the shared cluster.
    const state = jobId ? await flinkJobState(jobId) : undefined;
    if (jobId && state && !['CANCELED', 'FAILED', 'FINISHED'].includes(state))
      await fetch(`${FLINK_URL}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
    for (const s of sockets) s.terminate();
    await server?.close();
    data.cleanup();
  });

  const api = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await fetch(`http://${base}${url}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('deploys, shows the alerts the embedded engine finds on the dashboard through the result topic, and cancels', async () => {
    const doc = kafkaTemplate(input, output);
    const created = await api('POST', '/api/pipelines', doc);
    expect(created.status).toBe(201);
    const pipeline = String(created.body.id);

    const deployed = await api('POST', `/api/pipelines/${pipeline}/deploy`, {
      flinkUrl: FLINK_URL,
      gatewayUrl: GATEWAY_URL,
      kafka: KAFKA,
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const { deployment, sql } = deployed.body as unknown as DeployResponse;
    jobId = deployment.id;
    expect(sql).toContain('MATCH_RECOGNIZE');
    expect(Object.keys(deployment.resultTopics).sort()).toEqual(['alert-log', 'alerts']);
    expect(deployment.resultTopics.alerts).toBe(`eventide.${pipeline}.alerts`);

    // The dashboard's subscriptions, as the web app makes them, to the deployment's live topics.
    const ws = new WebSocket(`ws://${base}/api/live`);
    sockets.push(ws);
    const messages: ServerMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    await until(() => messages.length > 0, 'welcome');
    ws.send(
      JSON.stringify({
        v: 1,
        type: 'subscribe',
        sub: 'alerts',
        topic: { kind: 'sink', run: jobId, node: 'alerts' },
      }),
    );
    await until(
      () => messages.some((m) => m.type === 'result' && m.sub === 'alerts' && m.replay),
      'the replay',
    );

    const running = await until(
      async () => {
        const d = (await api('GET', `/api/deployments/${jobId}`)).body.deployment as FlinkDeployment;
        return d.state === 'running'
          ? d
          : d.state === 'failed'
            ? Promise.reject(new Error(d.error))
            : undefined;
      },
      'the job running',
      90_000,
    );
    expect(running.flinkState).toBe('RUNNING');

    // Logins, then one late success far ahead that moves the watermark past every match.
    const events = generatedLogins({ limit: 600, keyCardinality: 8, failureRate: 0.5 });
    const last = Number(events.at(-1)?.ts);
    const tick = { user: 'tick', type: 'success', ip: '10.0.0.1', ts: last + 120_000 };
    await produce(
      input,
      [...events, tick].map((e) => ({ key: String(e.user), value: JSON.stringify(e) })),
    );

    const reference = structuredClone(doc);
    reference.nodes = reference.nodes.map((n) =>
      n.kind === 'source.kafka' ? { ...n, kind: 'source.file-replay', params: {} } : n,
    );
    const expected =
      (await runBounded(reference, { inputs: { logins: [...events, tick] } })).outputs.alerts ?? [];
    expect(expected.length).toBeGreaterThan(5);
    const key = (a: unknown) => {
      const r = a as Record<string, unknown>;
      return `${r.user}@${r.start}x${r.attempts}@${r.ip}`;
    };
    const shown = () =>
      messages
        .filter(
          (m): m is Extract<ServerMessage, { type: 'result' }> => m.type === 'result' && m.sub === 'alerts',
        )
        .flatMap((m) => m.events);
    await until(
      () => shown().length >= expected.length,
      `${expected.length} alerts on the dashboard`,
      60_000,
    );
    expect(shown().map(key).sort()).toEqual(expected.map(key).sort());
    const feed = ((await api('GET', `/api/deployments/${jobId}`)).body.deployment as FlinkDeployment)
      .dashboards.alerts;
    expect(feed?.received).toBe(expected.length);
    expect(feed?.status.state).toBe('connected');

    // A dashboard opened later gets the latest rows at once (the table keeps its maxRows).
    ws.send(
      JSON.stringify({
        v: 1,
        type: 'subscribe',
        sub: 'late',
        topic: { kind: 'sink', run: jobId, node: 'alerts' },
      }),
    );
    const replay = await until(
      () =>
        messages.find(
          (m): m is Extract<ServerMessage, { type: 'result' }> => m.type === 'result' && m.sub === 'late',
        ),
      'the late replay',
    );
    expect(replay.events.length).toBe(Math.min(expected.length, 50));

    const listed = (await api('GET', `/api/deployments?pipeline=${pipeline}`)).body
      .deployments as FlinkDeployment[];
    expect(listed.map((d) => d.id)).toEqual([jobId]);

    // A restarted server follows the job again and refills the dashboard from the result topic.
    await server.close();
    server = await testServer(data.dir, { port: 0 });
    await server.listen();
    base = `127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    const again = (await api('GET', `/api/deployments/${jobId}`)).body.deployment as FlinkDeployment;
    expect(again.state).toBe('running');
    const ws2 = new WebSocket(`ws://${base}/api/live`);
    sockets.push(ws2);
    const replayed: ServerMessage[] = [];
    ws2.on('message', (d) => replayed.push(JSON.parse(String(d))));
    await until(() => replayed.length > 0, 'welcome');
    let subs = 0;
    const logRows = async () => {
      const sub = `r${subs++}`;
      ws2.send(
        JSON.stringify({
          v: 1,
          type: 'subscribe',
          sub,
          topic: { kind: 'sink', run: jobId, node: 'alert-log' },
        }),
      );
      const m = await until(
        () =>
          replayed.find(
            (x): x is Extract<ServerMessage, { type: 'result' }> => x.type === 'result' && x.sub === sub,
          ),
        'a replay',
      );
      return m.events;
    };
    await until(async () => (await logRows()).length === expected.length, 'the alert log refilled', 30_000);

    const cancelled = await api('POST', `/api/deployments/${jobId}/cancel`);
    expect(cancelled.status).toBe(200);
    await until(
      async () => (await flinkJobState(jobId ?? '')) === 'CANCELED',
      'Flink to report CANCELED',
      30_000,
    );
    const after = (await api('GET', `/api/deployments/${jobId}`)).body.deployment as FlinkDeployment;
    expect(after.state).toBe('cancelled');
  }, 180_000);

  it('refuses a pipeline that does not translate, naming the node, and submits nothing', async () => {
    const doc = JSON.parse(
      readFileSync(path.join(EXAMPLES, 'mqtt-sensors.json'), 'utf8'),
    ) as PipelineDocument;
    const created = await api('POST', '/api/pipelines', doc);
    const before = await fetch(`${FLINK_URL}/jobs/overview`).then(
      (r) => r.json() as Promise<{ jobs: unknown[] }>,
    );
    const res = await api('POST', `/api/pipelines/${String(created.body.id)}/deploy`, {});
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('cannot-deploy');
    const issues = res.body.issues as { node: string; message: string }[];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.node).sort()).toEqual(['publish', 'sensors-in']);
    expect(String(res.body.message)).toContain('sensors-in');
    const after = await fetch(`${FLINK_URL}/jobs/overview`).then(
      (r) => r.json() as Promise<{ jobs: unknown[] }>,
    );
    expect(after.jobs.length).toBe(before.jobs.length);
  });

  it('answers 400 for a bad target URL and 502 with the reason when the gateway is not there', async () => {
    const created = await api(
      'POST',
      '/api/pipelines',
      JSON.parse(readFileSync(path.join(EXAMPLES, 'kafka-brute-force-logins.json'), 'utf8')),
    );
    const id = String(created.body.id);
    const bad = await api('POST', `/api/pipelines/${id}/deploy`, { flinkUrl: 'ftp://x' });
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toMatch(/flinkUrl: use an http/);
    const down = await api('POST', `/api/pipelines/${id}/deploy`, { gatewayUrl: 'http://127.0.0.1:9' });
    expect(down.status).toBe(502);
    expect(down.body.error).toBe('flink-error');
    expect(String(down.body.message)).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
    expect((await api('GET', '/api/deployments/0123456789abcdef0123456789abcdef')).status).toBe(404);
  });

  it('eventide deploy, jobs and cancel: the job runs, is listed, and is cancelled per Flink REST', async () => {
    const doc = kafkaTemplate(input, output);
    const file = path.join(data.dir, 'cli-deploy.json');
    writeFileSync(file, JSON.stringify(doc));
    const lines: string[] = [];
    const out = (l: string) => lines.push(l);
    const target = ['--flink', FLINK_URL, '--gateway', GATEWAY_URL, '--kafka', KAFKA];
    expect(await deployCommand([file, ...target, '--id', `cli-${input}`], out), lines.join('\n')).toBe(0);
    const id = /^job ([0-9a-f]{32}): running$/m.exec(lines.join('\n'))?.[1];
    expect(id, lines.join('\n')).toBeDefined();
    jobId = id;
    expect(lines).toContain(`node alerts -> Kafka topic eventide.cli-${input}.alerts`);
    lines.length = 0;
    expect(await jobsCommand(['--flink', FLINK_URL], out)).toBe(0);
    expect(lines.find((l) => l.startsWith(`${id}  running`))).toContain(`eventide-cli-${input}`);
    lines.length = 0;
    expect(await cancelCommand([id ?? '', '--flink', FLINK_URL], out)).toBe(0);
    expect(lines).toEqual([`job ${id}: cancelled`]);
    expect(await flinkJobState(id ?? '')).toBe('CANCELED');
  }, 120_000);

  it("a job that cannot start shows Flink's reason while it restarts, then fails with it", async () => {
    const missing = topicName('no-such-topic');
    const doc = kafkaTemplate(missing, output);
    const created = await api('POST', '/api/pipelines', doc);
    const deployed = await api('POST', `/api/pipelines/${String(created.body.id)}/deploy`, {});
    expect(deployed.status).toBe(201);
    jobId = (deployed.body as unknown as DeployResponse).deployment.id;
    const failing = await until(
      async () => {
        const d = (await api('GET', `/api/deployments/${jobId}`)).body.deployment as FlinkDeployment;
        return d.error ? d : undefined;
      },
      "Flink's exception",
      60_000,
    );
    expect(['restarting', 'failed', 'running']).toContain(failing.state);
    // Three failures within 5 minutes end it (deploy.ts RESTARTS): failed, with the same reason.
    const failed = await until(
      async () => {
        const d = (await api('GET', `/api/deployments/${jobId}`)).body.deployment as FlinkDeployment;
        return d.state === 'failed' ? d : undefined;
      },
      'the job failed',
      60_000,
    );
    expect(failed.flinkState).toBe('FAILED');
    expect(failed.error).toBe(failing.error);
    expect(await flinkJobState(jobId ?? '')).toBe('FAILED');
    expect(failing.error).toBe(
      `Failed to get metadata for topics [${missing}]: This server does not host this topic-partition.`,
    );
    // Cancelling an ended job changes nothing: it stays failed.
    const cancelled = await api('POST', `/api/deployments/${jobId}/cancel`);
    expect((cancelled.body.deployment as FlinkDeployment).state).toBe('failed');
  }, 120_000);

  it("eventide deploy of a job that cannot start exits 1 with Flink's reason", async () => {
    const missing = topicName('no-such-topic');
    const file = path.join(data.dir, 'cli-missing.json');
    writeFileSync(file, JSON.stringify(kafkaTemplate(missing, output)));
    const lines: string[] = [];
    const target = ['--flink', FLINK_URL, '--gateway', GATEWAY_URL, '--kafka', KAFKA];
    const code = await deployCommand([file, ...target, '--id', `cli-${missing}`], (l) => lines.push(l));
    jobId = /^job ([0-9a-f]{32}) /m.exec(lines.join('\n'))?.[1];
    expect(code, lines.join('\n')).toBe(1);
    expect(lines.at(-1)).toBe(
      `job ${jobId}: restarting: Failed to get metadata for topics [${missing}]: This server does not host this topic-partition.`,
    );
    expect(await cancelCommand([jobId ?? '', '--flink', FLINK_URL], () => {})).toBe(0);
  }, 120_000);
});
