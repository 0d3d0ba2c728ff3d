import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { openTemplate } from './helpers';

/** Exports the open pipeline and runs `eventide test` on the file, as a user would in a terminal. */
async function eventideTest(page: Page, name: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-button').click(),
  ]);
  const file = path.join(tmpdir(), `eventide-e2e-${name}-${Date.now()}.json`);
  writeFileSync(file, await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c)));
  const r = spawnSync(
    'node',
    ['--conditions=source', '--import', 'tsx', '../server/src/cli.ts', 'test', file],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: r.status, out: r.stdout };
}

test('a test saved from the preview passes, then fails with a readable diff after a parameter change, in the editor and with eventide test', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('preview-toggle').click();
  await expect(page.getByTestId('node-preview-avg-5s')).toBeVisible();

  await page.getByTestId('save-as-test').click();
  const dialog = page.getByTestId('save-test-dialog');
  await expect(dialog).toContainText('the first 200 generated events');
  await expect(page.getByTestId('test-expected')).toContainText('latest-windows');
  await page.getByTestId('test-name').fill('five-second windows of the first readings');
  await page.screenshot({ path: 'screenshots/save-as-test.png' });
  await page.getByTestId('test-save').click();

  // The template's own test and the new one.
  await expect(page.getByTestId('tests-summary')).toHaveText('2 of 2 passed');
  await expect(page.getByTestId('node-test-latest-windows')).toHaveAttribute('data-status', 'passed');
  const passing = await eventideTest(page, 'pass');
  expect(passing.out).toContain('✓ five-second windows of the first readings');
  expect(passing.code).toBe(0);

  await page.getByTestId('node-avg-5s').click();
  await page.getByTestId('param-sizeMs').fill('10');
  await page.getByTestId('run-tests').click();
  await expect(page.getByTestId('tests-summary')).toHaveText('0 of 2 passed');
  await expect(page.getByTestId('node-test-latest-windows')).toHaveAttribute('data-status', 'failed');
  const result = page.getByTestId('test-result').filter({ hasText: 'first readings' });
  await expect(result).toContainText('✗ five-second windows of the first readings');
  await expect(result).toContainText(/latest-windows: .*changed \(expected \d+ rows, got \d+\)/);
  await expect(result).toContainText('window_end: expected');
  await page.screenshot({ path: 'screenshots/test-failed.png' });

  const failing = await eventideTest(page, 'fail');
  expect(failing.code).toBe(1);
  expect(failing.out).toMatch(/latest-windows: .*changed/);
  expect(failing.out).toContain('2 of 2 tests failed');
});
