import { expect, test } from '@playwright/test';
import { connect, dragFromPalette, stopRun } from './helpers';

test('a running average per sensor from the palette: each reading comes out with its sensor’s average so far', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('pipeline-name').fill('Running average e2e');

  await dragFromPalette(page, 'generator', 'source.generator', 110, 140);
  await page.getByTestId('param-preset').selectOption('sensors');
  await page.getByTestId('param-ratePerSec').fill('200');
  await page.getByTestId('param-keyCardinality').fill('3');

  await dragFromPalette(page, 'timestamps', 'time.assign-timestamps', 340, 140);
  await page.getByTestId('expr-timestamp').fill('ts');

  await dragFromPalette(page, 'running', 'window.running', 570, 140);
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node', 'running');
  await page.getByTestId('param-keyBy-add').fill('sensor');
  await page.getByTestId('param-keyBy-add').press('Enter');
  await page.getByTestId('param-aggregations.0.name').fill('avg_temp');
  await page.getByTestId('param-aggregations.0.fn').selectOption('avg');
  await page.getByTestId('param-aggregations.0.field').fill('temperature');
  // A sensor silent for a minute of event time starts over.
  await page.getByTestId('param-stateTtlMs').fill('1');
  await page.getByTestId('param-stateTtlMs-unit').selectOption('min');

  await dragFromPalette(page, 'table', 'sink.table', 570, 420);
  await connect(page, 'handle-generator-out-out', 'handle-assign-timestamps-in-in');
  await connect(page, 'handle-assign-timestamps-out-out', 'handle-running-in-in');
  await connect(page, 'handle-running-out-out', 'handle-table-in-in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await expect(page.locator('[data-testid^="node-badge-"]')).toHaveCount(0);
  await page.getByTestId('node-running').click();
  // No window: each reading keeps its own fields beside its sensor's average, in event time.
  const fields = page.getByTestId('output-fields');
  await expect(fields).toContainText('avg_temp');
  await expect(fields).toContainText('temperature');
  await expect(fields).toContainText('Event time');
  await expect(fields).not.toContainText('window_end');
  await page.screenshot({ path: 'screenshots/running-aggregate.png' });

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('tab-dashboard').click();
  const rows = page.getByTestId('panel-table').getByTestId('table-row');
  // Rows come once the watermark (1 s behind by default) passes each reading.
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  await expect(rows.first().locator('[data-col="sensor"]')).toHaveText(/^sensor-\d+$/);
  await expect(rows.first().locator('[data-col="avg_temp"]')).toHaveText(/^-?[\d,]+(\.\d+)?$/);
  await stopRun(page);
});
