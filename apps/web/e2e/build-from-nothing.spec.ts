import { expect, test } from '@playwright/test';
import { connect, dragBy, dragFromPalette, stopRun } from './helpers';

test('build a sensor pipeline from the palette, run it, and watch the chart grow', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('canvas-empty')).toBeVisible();
  await page.getByTestId('pipeline-name').fill('Sensor temperature e2e');

  // Generator, sensors preset, fast.
  await dragFromPalette(page, 'generator', 'source.generator', 110, 140);
  await expect(page.getByTestId('node-generator')).toBeVisible();
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node', 'generator');
  await page.getByTestId('param-preset').selectOption('sensors');
  await page.getByTestId('param-ratePerSec').fill('4000');
  await page.getByTestId('param-keyCardinality').fill('4');

  await dragFromPalette(page, 'timestamps', 'time.assign-timestamps', 340, 140);
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node', 'assign-timestamps');
  await page.getByTestId('expr-timestamp').fill('ts');
  await page.getByTestId('param-maxOutOfOrdernessMs').fill('0.5');

  await dragFromPalette(page, 'tumbling', 'window.tumbling', 570, 140);
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node', 'tumbling');
  await page.getByTestId('param-sizeMs').fill('5');
  await expect(page.getByTestId('param-sizeMs-unit')).toHaveValue('s');
  await page.getByTestId('param-keyBy-add').fill('sensor');
  await page.getByTestId('param-keyBy-add').press('Enter');
  await page.getByTestId('param-aggregations.0.name').fill('avg_temp');
  await page.getByTestId('param-aggregations.0.fn').selectOption('avg');
  await page.getByTestId('param-aggregations.0.field').fill('temperature');
  await expect(page.getByTestId('output-fields')).toContainText('avg_temp');
  await expect(page.getByTestId('output-fields')).toContainText('window_end');
  // Early firing: the chart shows each open window's running average, drawn apart from final ones.
  await page.getByTestId('param-earlyFireMs').fill('1');

  await dragFromPalette(page, 'line', 'sink.line-chart', 570, 420);
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node', 'line-chart');

  await connect(page, 'handle-generator-out-out', 'handle-assign-timestamps-in-in');
  await connect(page, 'handle-assign-timestamps-out-out', 'handle-tumbling-in-in');
  await connect(page, 'handle-tumbling-out-out', 'handle-line-chart-in-in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);

  // The chart still plots the default "count", which the window no longer has: a badge says so.
  await expect(page.getByTestId('node-badge-line-chart')).toBeVisible();
  await page.getByTestId('node-line-chart').click();
  await page.getByRole('button', { name: 'remove count' }).click();
  await page.getByTestId('param-y-add').fill('avg_temp');
  await page.getByTestId('param-y-add').press('Enter');
  await page.getByTestId('reveal-series').click();
  await page.getByTestId('param-series').fill('sensor');
  await expect(page.locator('[data-testid^="node-badge-"]')).toHaveCount(0);

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  // Live counts on the canvas.
  await expect
    .poll(async () => Number(await page.getByTestId('node-live-generator').getAttribute('data-out')))
    .toBeGreaterThan(0);
  // Clicking an edge taps it: sampled events flow into the inspector.
  await page.getByTestId('rf__edge-e-2').click({ force: true });
  await expect(page.getByTestId('edge-inspector')).toBeVisible();
  await expect(page.getByTestId('edge-tap').getByTestId('event-list')).toContainText('temperature');
  await page.screenshot({ path: 'screenshots/editor-running.png' });

  await page.getByTestId('tab-dashboard').click();
  const chart = page.getByTestId('panel-line-chart').getByTestId('line-chart');
  await expect(chart).toBeVisible({ timeout: 20_000 });
  const points = async () => Number(await chart.getAttribute('data-points'));
  await expect.poll(points, { timeout: 20_000 }).toBeGreaterThan(0);
  const first = await points();
  await expect.poll(points, { timeout: 20_000 }).toBeGreaterThan(first);
  expect(Number(await chart.getAttribute('data-series'))).toBe(4);
  await expect.poll(async () => Number(await chart.getAttribute('data-early-points'))).toBeGreaterThan(0);

  // Resize the panel by its corner: the new size is saved in the document's dashboard section.
  const panel = page.getByTestId('panel-line-chart');
  await expect(panel).toHaveAttribute('data-grid', '0,0,6,4');
  await dragBy(page, 'panel-resize-line-chart', 392, 142);
  await expect(panel).toHaveAttribute('data-grid', /^0,0,(9|10),6$/);
  await expect(page.getByTestId('save-state')).toHaveText('unsaved changes');
  // Dragged a row down, a panel floats back up: no empty band above the first panel.
  await dragBy(page, 'panel-head-line-chart', 0, 80, 60, 10);
  await expect(panel).toHaveAttribute('data-grid', /^0,0,(9|10),6$/);
  const top = async (id: string) => (await page.getByTestId(id).boundingBox())?.y ?? Number.NaN;
  // (polled: the panel glides to its place)
  await expect
    .poll(async () => Math.abs((await top('panel-line-chart')) - (await top('dashboard-grid'))))
    .toBeLessThan(2);
  // Moved right by its header: one column over.
  await dragBy(page, 'panel-head-line-chart', 115, 0, 60, 10);
  await expect(panel).toHaveAttribute('data-grid', /^1,0,(9|10),6$/);
  await page.screenshot({ path: 'screenshots/dashboard-line-chart.png' });

  await stopRun(page);
});
