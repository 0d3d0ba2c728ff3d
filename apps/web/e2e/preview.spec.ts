import { expect, type Page, test } from '@playwright/test';
import { openTemplate } from './helpers';

const previewCount = async (page: Page, node: string) =>
  Number(await page.getByTestId(`node-preview-${node}`).getAttribute('data-count'));

test('preview shows rows at every node of the sensors template without Run, and follows a window-size edit', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('preview-toggle').click();
  await expect(page.getByTestId('preview-panel')).toBeVisible();

  // Every node shows its preview count; nothing was started on the server.
  for (const node of ['sensors', 'event-time', 'avg-5s', 'temperature-chart', 'latest-windows'])
    await expect(page.getByTestId(`node-preview-${node}`)).toBeVisible();
  expect(await previewCount(page, 'sensors')).toBe(10_000);
  await expect(page.getByTestId('run-state')).toHaveCount(0);

  // The window node's rows: one per sensor and 5 s window.
  await page.getByTestId('node-avg-5s').click();
  await expect(page.getByTestId('preview-node')).toHaveText('avg-5s');
  const rows = page.getByTestId('preview-panel').getByTestId('preview-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('preview-sort-avg_temp')).toBeVisible();
  const fiveSecondWindows = await previewCount(page, 'avg-5s');
  expect(fiveSecondWindows).toBeGreaterThan(0);
  await page.screenshot({ path: 'screenshots/preview-window.png' });

  // Sorting by a column orders the rows.
  await page.getByTestId('preview-sort-readings').click();
  const readings = await rows.locator('[data-col="readings"]').allTextContents();
  expect(readings.map(Number)).toEqual([...readings.map(Number)].sort((a, b) => a - b));

  // A bigger window: fewer windows, without pressing Run.
  await page.getByTestId('param-sizeMs').fill('10');
  await expect.poll(() => previewCount(page, 'avg-5s')).toBeLessThan(fiveSecondWindows);
  await expect(page.getByTestId('preview-status')).toContainText('ms');

  // The late and error ports of assign-timestamps are there to read, even when empty.
  await page.getByTestId('node-event-time').click();
  await expect(page.getByTestId('preview-port-out')).toBeVisible();
  await page.getByTestId('preview-view-json').click();
  await expect(page.getByTestId('preview-json')).toContainText('"temperature"');
});

test('a source that needs a server takes pasted sample events in the preview', async ({ page }) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('preview-toggle').click();
  await page.getByTestId('node-sensors').click();
  await page
    .getByTestId('sample-text')
    .fill('{"sensor":"s1","temperature":20,"ts":0}\n{"sensor":"s1","temperature":30,"ts":1000}\nnot json');
  await page.getByTestId('sample-use').click();
  await expect(page.getByTestId('sample-error')).toContainText('line 3');
  await page
    .getByTestId('sample-text')
    .fill('{"sensor":"s1","temperature":20,"ts":0}\n{"sensor":"s1","temperature":30,"ts":1000}');
  await page.getByTestId('sample-use').click();
  await expect.poll(() => previewCount(page, 'sensors')).toBe(2);
  await page.getByTestId('node-avg-5s').click();
  await expect(page.getByTestId('preview-panel').locator('[data-col="avg_temp"]')).toHaveText(['25']);
  await page.screenshot({ path: 'screenshots/preview-sample.png' });
});
