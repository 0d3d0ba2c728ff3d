import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { openTemplate, reachable } from './helpers';

const KAFKA = process.env.EVENTIDE_KAFKA ?? '127.0.0.1:19092';
const FLINK = process.env.EVENTIDE_FLINK ?? 'http://127.0.0.1:18081';
const GATEWAY = process.env.EVENTIDE_FLINK_GATEWAY ?? 'http://127.0.0.1:18083';

const down = [];
for (const [name, at] of [
  ['kafka', KAFKA],
  ['the Flink session cluster', FLINK],
  ['the Flink SQL Gateway', GATEWAY],
] as const)
  if (!(await reachable(at))) down.push(`${name} at ${at}`);
const why = `not reachable: ${down.join(', ')} (EVENTIDE_FLINK_SESSION=1 pnpm services start)`;
if (down.length > 0 && process.env.CI === 'true') throw new Error(why);

test('a pipeline that does not translate: the dialog lists the refusals, the canvas badges them, Deploy is off', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'mqtt-sensors');
  await page.getByTestId('flink-toggle').click();
  await page.getByTestId('flink-deploy').click();
  const dialog = page.getByTestId('deploy-dialog');
  await expect(dialog.getByTestId('deploy-refusals')).toContainText('sensors-in');
  await expect(dialog.getByTestId('deploy-refusals')).toContainText('source.mqtt has no Flink connector');
  await expect(dialog.getByTestId('deploy-confirm')).toBeDisabled();
  await expect(page.getByTestId('node-badge-sensors-in')).toBeVisible();
  await page.screenshot({ path: 'screenshots/flink-deploy-refused.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test.describe(() => {
  test.skip(down.length > 0, why);

  test('Deploy to Flink: the job runs, alerts arrive on the dashboard through Kafka, Cancel ends the job', async ({
    page,
  }) => {
    test.setTimeout(150_000);
    await page.setViewportSize({ width: 1500, height: 860 });
    const suffix = Math.random().toString(16).slice(2, 10);
    const input = `e2e-logins-${suffix}`;
    const kafka = new Kafka({ clientId: 'eventide-e2e', brokers: [KAFKA], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: input, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    // The Kafka CEP template, reading its own topic, saved on the server and opened.
    const doc = JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, '../../../examples/kafka-brute-force-logins.json'),
        'utf8',
      ),
    );
    doc.name = `Logins on Flink ${suffix}`;
    for (const n of doc.nodes) {
      if (n.kind === 'source.kafka') n.params.topics = [input];
      if (n.kind === 'sink.kafka') n.params.topic = `e2e-alerts-${suffix}`;
    }
    const created = await page.request.post('/api/pipelines', { data: doc });
    expect(created.status()).toBe(201);
    const id = (await created.json()).id as string;
    await page.goto('/');
    await page.getByTestId('open-menu').click();
    await page.getByTestId(`open-${id}`).click();

    await page.getByTestId('flink-toggle').click();
    await page.getByTestId('flink-deploy').click();
    const dialog = page.getByTestId('deploy-dialog');
    await expect(dialog.getByTestId('deploy-sql')).toContainText('MATCH_RECOGNIZE');
    await expect(dialog.getByTestId('deploy-topics')).toContainText(`eventide.${id}.alerts`);
    await expect(dialog.getByTestId('deploy-flinkUrl')).toHaveValue(FLINK);
    await dialog.getByTestId('deploy-gatewayUrl').fill(GATEWAY);
    await page.screenshot({ path: 'screenshots/flink-deploy-dialog.png' });
    await dialog.getByTestId('deploy-confirm').click();
    await expect(dialog).toHaveCount(0, { timeout: 60_000 });

    const job = page.getByTestId('flink-job');
    await expect(job).toHaveAttribute('data-state', 'running', { timeout: 60_000 });

    // Three failures of mallory within a minute (an alert), two of bob (none), then a late success
    // that moves the watermark past them.
    const t = 1_700_000_000_000;
    const logins = [
      { user: 'mallory', type: 'fail', ip: '10.9.9.9', ts: t },
      { user: 'bob', type: 'fail', ip: '10.1.1.1', ts: t + 500 },
      { user: 'mallory', type: 'fail', ip: '10.9.9.9', ts: t + 1000 },
      { user: 'bob', type: 'fail', ip: '10.1.1.1', ts: t + 1500 },
      { user: 'mallory', type: 'fail', ip: '10.9.9.9', ts: t + 2000 },
      { user: 'bob', type: 'success', ip: '10.1.1.1', ts: t + 2500 },
      { user: 'tick', type: 'success', ip: '10.0.0.1', ts: t + 120_000 },
    ];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: logins.map((l) => ({ key: l.user, value: JSON.stringify(l) })),
    });
    await producer.disconnect();

    await page.getByTestId('tab-dashboard').click();
    const rows = page.getByTestId('panel-alerts').getByTestId('table-row');
    await expect(rows).toHaveCount(1, { timeout: 60_000 });
    await expect(rows.first()).toContainText('mallory');
    await expect(rows.first()).toContainText('10.9.9.9');
    await expect(page.getByTestId('flink-job-rows')).toContainText('2 rows from 2 topics');
    await page.screenshot({ path: 'screenshots/flink-deploy-dashboard.png' });

    await page.getByTestId('tab-editor').click();
    await page.screenshot({ path: 'screenshots/flink-deploy-canvas.png' });
    await page.getByTestId('flink-cancel').click();
    await expect(job).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
    await expect(page.getByTestId('flink-cancel')).toHaveCount(0);
    const jobId = await page.evaluate(async (pipeline) => {
      const r = await fetch(`/api/deployments?pipeline=${pipeline}`);
      return (await r.json()).deployments[0].id as string;
    }, id);
    const flink = await (await fetch(`${FLINK}/jobs/${jobId}`)).json();
    expect(flink.state).toBe('CANCELED');
  });
});
