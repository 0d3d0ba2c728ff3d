import { expect, test } from '@playwright/test';
import { nodeIds, openTemplate } from './helpers';

test('opening a template over unsaved edits asks first; keeping them changes nothing, discarding opens it', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  const sensorNodes = await nodeIds(page);
  // A template just opened holds no edits: another one opens without a question.
  await openTemplate(page, 'page-counts');
  await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
  await openTemplate(page, 'sensor-averages');
  expect(await nodeIds(page)).toEqual(sensorNodes);

  await page.getByTestId('pipeline-name').fill('My sensor averages');
  await openTemplate(page, 'page-counts');
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('Discard your changes to "My sensor averages"?');
  await expect(dialog).toContainText('Opening the template');
  await page.screenshot({ path: 'screenshots/unsaved-edits-confirm.png' });
  await page.getByTestId('confirm-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('pipeline-name')).toHaveValue('My sensor averages');
  expect(await nodeIds(page)).toEqual(sensorNodes);

  await page.getByTestId('new-pipeline').click();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('pipeline-name')).toHaveValue('My sensor averages');

  await openTemplate(page, 'page-counts');
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('pipeline-name')).not.toHaveValue('My sensor averages');
  expect(await nodeIds(page)).not.toEqual(sensorNodes);
});
