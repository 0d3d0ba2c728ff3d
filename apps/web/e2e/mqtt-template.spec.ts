import { expect, test } from '@playwright/test';
import { openTemplate, reachable, stopRun } from './helpers';

const MQTT = new URL(process.env.EVENTIDE_MQTT ?? 'mqtt://127.0.0.1:11883');
const brokerUp = await reachable(MQTT.href);
if (!brokerUp && process.env.CI === 'true') throw new Error(`mosquitto is not reachable at ${MQTT.href}`);

test.skip(!brokerUp, `mosquitto is not reachable at ${MQTT.href}: run \`pnpm services start mosquitto\``);

test('the MQTT sensors template: Test connection and Peek in the inspector, then live windows on the dashboard', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'mqtt-sensors');
  await page.getByTestId('node-sensors-in').click();
  await page.getByTestId('test-connection').click();
  await expect(page.getByTestId('test-result')).toHaveText(
    '✓ connected to the MQTT broker at mqtt://127.0.0.1:11883',
  );

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await expect
    .poll(async () => Number(await page.getByTestId('node-live-sensors-in').getAttribute('data-out')))
    .toBeGreaterThan(0);

  await page.getByTestId('node-sensors-in').click();
  await page.getByTestId('peek').click();
  await expect(page.getByTestId('peek-result')).toContainText(/\d+ messages? from eventide\/sensors\/\+/);
  await expect(page.getByTestId('peek-result').locator('li').first()).toContainText('"sensor"');
  await page.screenshot({ path: 'screenshots/inspector-mqtt-peek.png' });

  await page.getByTestId('tab-dashboard').click();
  await expect(page.getByTestId('panel-sensor-table').getByTestId('table-row').first()).toBeVisible({
    timeout: 30_000,
  });
  await page.screenshot({ path: 'screenshots/dashboard-mqtt-sensors.png' });
  await stopRun(page);
});
