import { expect, test } from '@playwright/test';
import { openTemplate, stopRun } from './helpers';

test('parallelism set in the settings runs the keyed window as 2 instances on the server, results on the dashboard', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('settings-menu').click();
  await expect(page.getByTestId('settings-parallelism')).toHaveValue('1');
  await page.getByTestId('settings-parallelism').selectOption('2');
  await page.screenshot({ path: 'screenshots/settings-parallelism.png' });
  await page.getByTestId('settings-menu').click();

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  // The window's live metrics: two instances, events counted over both; the canvas marks it ×2.
  await expect(page.getByTestId('node-instances-avg-5s')).toHaveText('×2');
  await expect(page.getByTestId('node-instances-latest-windows')).toHaveCount(0);
  await page.getByTestId('node-avg-5s').click();
  await page.screenshot({ path: 'screenshots/parallel-run-canvas.png' });
  const metrics = page.getByTestId('node-metrics');
  await expect(metrics).toContainText('Instances');
  await expect(metrics).toContainText('2 threads');
  await page.getByTestId('tab-dashboard').click();
  await expect(page.getByTestId('panel-latest-windows').getByTestId('panel-empty')).toHaveCount(0, {
    timeout: 15_000,
  });
  await page.screenshot({ path: 'screenshots/parallel-run-dashboard.png' });
  await stopRun(page);

  // The setting is part of the document: back to 1, the document no longer carries it.
  await page.getByTestId('settings-menu').click();
  await expect(page.getByTestId('settings-parallelism')).toHaveValue('2');
  await page.getByTestId('settings-parallelism').selectOption('auto');
  await expect(page.getByTestId('settings-parallelism')).toHaveValue('auto');
});
