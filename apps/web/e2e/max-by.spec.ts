import { expect, test } from '@playwright/test';
import { connect, dragFromPalette, stopRun } from './helpers';

test('max_by from the inspector: each 5 s window names the sensor of its hottest reading', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('pipeline-name').fill('Hottest sensor e2e');

  await dragFromPalette(page, 'generator', 'source.generator', 110, 140);
  await page.getByTestId('param-preset').selectOption('sensors');
  await page.getByTestId('param-ratePerSec').fill('200');

  await dragFromPalette(page, 'timestamps', 'time.assign-timestamps', 340, 140);
  await page.getByTestId('expr-timestamp').fill('ts');

  await dragFromPalette(page, 'tumbling', 'window.tumbling', 570, 140);
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node', 'tumbling');
  await page.getByTestId('param-aggregations.0.name').fill('hottest');
  await page.getByTestId('param-aggregations.0.fn').selectOption('max_by');
  // max_by without its ordering field is an error at `by`, which the form shows at once.
  await expect(page.getByTestId('node-inspector')).toContainText('max_by needs a by field');
  await page.getByTestId('param-aggregations.0.by').fill('temperature');
  // Its value field is optional (without one, the whole event): behind a "+ Field" button.
  await page.getByTestId('reveal-aggregations.0.field').click();
  await page.getByTestId('param-aggregations.0.field').fill('sensor');

  await dragFromPalette(page, 'table', 'sink.table', 570, 420);
  await connect(page, 'handle-generator-out-out', 'handle-assign-timestamps-in-in');
  await connect(page, 'handle-assign-timestamps-out-out', 'handle-tumbling-in-in');
  await connect(page, 'handle-tumbling-out-out', 'handle-table-in-in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await expect(page.locator('[data-testid^="node-badge-"]')).toHaveCount(0);
  await page.getByTestId('node-tumbling').click();
  await expect(page.getByTestId('node-tumbling')).toContainText('hottest = max_by(sensor, by temperature)');
  await page.screenshot({ path: 'screenshots/max-by.png' });

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('tab-dashboard').click();
  const rows = page.getByTestId('panel-table').getByTestId('table-row');
  // The first 5 s window closes once the watermark passes it, a few seconds into the run.
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  await expect(rows.first().locator('[data-col="hottest"]')).toHaveText(/^sensor-\d+$/);
  await stopRun(page);
});
