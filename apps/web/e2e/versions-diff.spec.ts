import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openTemplate } from './helpers';

test('every save is a version: compare one with the canvas (changed node and param highlighted), then restore it', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'page-counts');
  await page.getByTestId('pipeline-name').fill('Versioned page counts');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText('saved');

  // Version 2: a longer window.
  await page.getByTestId('node-views-per-page').click();
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node', 'views-per-page');
  await page.getByTestId('param-sizeMs').fill('2');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText('saved');

  await page.getByTestId('history-menu').click();
  await expect(page.getByTestId('version-2')).toBeVisible();
  await expect(page.getByTestId('version-1')).toBeVisible();
  await page.getByTestId('version-1').click();

  const panel = page.getByTestId('diff-panel');
  await expect(panel).toContainText('Canvas vs version 1');
  await expect(panel).toContainText('~1 changed');
  await expect(page.getByTestId('diff-node-views-per-page')).toContainText('params.sizeMs');
  await expect(page.getByTestId('diff-node-views-per-page')).toContainText('60000');
  await expect(page.getByTestId('diff-node-views-per-page')).toContainText('120000');
  await expect(page.getByTestId('node-views-per-page')).toHaveAttribute('data-diff', 'changed');
  await page.screenshot({ path: 'test-results/versions-diff.png' });

  await page.getByTestId('restore-version').click();
  await expect(panel).toBeHidden();
  await page.getByTestId('node-views-per-page').click();
  await expect(page.getByTestId('param-sizeMs')).toHaveValue('1');
  await page.getByTestId('history-menu').click();
  await expect(page.getByTestId('version-3')).toContainText('restored version 1');
  await page.screenshot({ path: 'test-results/versions-restored.png' });
});

test('the canvas compared with a pipeline file: its changes highlighted and listed, nothing replaced', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('node-avg-5s').click();
  await page.getByTestId('param-sizeMs').fill('10');
  await page
    .getByTestId('compare-file-input')
    .setInputFiles(path.resolve(import.meta.dirname, '../../../examples/sensor-averages.json'));
  await expect(page.getByTestId('diff-panel')).toContainText('sensor-averages.json');
  await expect(page.getByTestId('diff-node-avg-5s')).toContainText('params.sizeMs');
  await expect(page.getByTestId('node-avg-5s')).toHaveAttribute('data-diff', 'changed');
  await expect(page.getByTestId('param-sizeMs')).toHaveValue('10');
  await page.screenshot({ path: 'screenshots/compare-with-file.png' });
});
