import { expect, test } from '@playwright/test';
import { connect, dragFromPalette, edgeCount, focusCanvas, nodeIds } from './helpers';

test('undo and redo of add, connect, parameter edit and delete, by keyboard and buttons', async ({
  page,
}) => {
  await page.goto('/');
  await dragFromPalette(page, 'generator', 'source.generator', 150, 200);
  await dragFromPalette(page, 'event log', 'sink.event-log', 450, 200);
  await connect(page, 'handle-generator-out-out', 'handle-event-log-in-in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  await page.getByTestId('node-generator').click();
  await page.getByTestId('param-ratePerSec').fill('250');
  await expect(page.getByTestId('node-generator')).toContainText('ratePerSec: 250');

  await page.getByTestId('node-event-log').click();
  await focusCanvas(page);
  await page.getByTestId('node-event-log').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-event-log')).toHaveCount(0);
  expect(await edgeCount(page)).toBe(0);

  await focusCanvas(page);
  await page.keyboard.press('Control+z'); // delete
  await expect(page.getByTestId('node-event-log')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await page.keyboard.press('Control+z'); // param edit
  await expect(page.getByTestId('node-generator')).not.toContainText('ratePerSec: 250');
  await page.getByTestId('undo').click(); // connect
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.getByTestId('undo').click(); // add event log
  expect(await nodeIds(page)).toEqual(['generator']);

  await page.keyboard.press('Control+Shift+z'); // add
  await page.keyboard.press('Control+Shift+z'); // connect
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await page.getByTestId('redo').click(); // param edit
  await expect(page.getByTestId('node-generator')).toContainText('ratePerSec: 250');
  await page.getByTestId('redo').click(); // delete
  await expect(page.getByTestId('node-event-log')).toHaveCount(0);
  await expect(page.getByTestId('redo')).toBeDisabled();

  // Copy/paste is one undoable step too.
  await page.getByTestId('node-generator').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  expect(await nodeIds(page)).toEqual(['generator', 'generator-2']);
  await page.keyboard.press('Control+z');
  expect(await nodeIds(page)).toEqual(['generator']);
});
