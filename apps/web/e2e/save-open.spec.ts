import { expect, test } from '@playwright/test';
import { nodeIds, openTemplate } from './helpers';

test('save to the server, start afresh, and open the pipeline again from the list; settings are saved with it', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'page-counts');
  const nodes = await nodeIds(page);
  await page.getByTestId('pipeline-name').fill('Saved and reopened');

  await page.getByTestId('settings-menu').click();
  await page.getByTestId('settings-max-events').fill('64');
  await page.getByTestId('settings-checkpoint').fill('2000');
  await page.getByTestId('settings-menu').click();

  await expect(page.getByTestId('save-state')).toHaveText('not saved yet');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveText('saved');

  await page.getByTestId('new-pipeline').click();
  await expect(page.getByTestId('canvas-empty')).toBeVisible();

  await page.getByTestId('open-menu').click();
  await page.getByTestId('open-saved-and-reopened').click();
  await expect(page.getByTestId('pipeline-name')).toHaveValue('Saved and reopened');
  expect(await nodeIds(page)).toEqual(nodes);
  await page.getByTestId('settings-menu').click();
  await expect(page.getByTestId('settings-max-events')).toHaveValue('64');
  await expect(page.getByTestId('settings-checkpoint')).toHaveValue('2000');
});
