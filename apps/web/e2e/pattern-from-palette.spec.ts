import { expect, test } from '@playwright/test';
import { connect, dragFromPalette, stopRun } from './helpers';

/**
 * A newcomer builds the brute-force login pattern by mouse, as the issue tried it: a new pattern
 * node's default output is a readable summary row (key, number of events, first and last time, the
 * first event's fields), one per burst, and its steps are edited as sentences.
 */
test('a pattern built from the palette shows readable columns on its table', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('pipeline-name').fill('Logins pattern e2e');

  await dragFromPalette(page, 'generator', 'source.generator', 110, 140);
  await page.getByTestId('param-preset').selectOption('logins');
  await page.getByTestId('param-ratePerSec').fill('200');
  await page.getByTestId('param-keyCardinality').fill('10');

  await dragFromPalette(page, 'timestamps', 'time.assign-timestamps', 340, 140);
  await page.getByTestId('expr-timestamp').fill('ts');

  await dragFromPalette(page, 'pattern', 'cep.pattern', 570, 140);
  await expect(page.getByTestId('node-inspector')).toHaveAttribute('data-node', 'pattern');
  // Each skip strategy is explained; a new pattern skips past the last event: one alert per burst.
  await expect(page.getByTestId('param-skip.strategy')).toHaveValue('skipPastLastEvent');
  await expect(page.getByTestId('param-skip.strategy-doc')).toHaveText(/one match per burst/);
  await expect(page.getByTestId('param-emit')).toHaveValue('summary');
  await page.getByTestId('expr-key').fill('user');

  // The step, as a sentence: "First 3 times in a row, each matching type == "fail"".
  await page.getByTestId('pattern-step-0').click();
  await page.getByTestId('step-0-how-many').selectOption('exactly');
  await page.getByTestId('step-0-count').fill('3');
  await expect(page.getByTestId('step-0-in-a-row')).toHaveValue('consecutive');
  await page.getByTestId('expr-steps.0.condition').fill('type == "fail"');
  await expect(page.getByTestId('pattern-step-0')).toContainText(
    'First 3 times in a row, each matching type == "fail"',
  );
  await expect(page.getByTestId('pattern-step-0')).toContainText('begin · times(3) · consecutive()');
  await page.screenshot({ path: 'screenshots/pattern-step-sentence.png' });
  await page.getByTestId('step-form-0').screenshot({ path: '../../docs/screenshots/pattern-step-form.png' });

  await dragFromPalette(page, 'table', 'sink.table', 570, 420);
  await connect(page, 'handle-generator-out-out', 'handle-assign-timestamps-in-in');
  await connect(page, 'handle-assign-timestamps-out-out', 'handle-pattern-in-in');
  await connect(page, 'handle-pattern-out-out', 'handle-table-in-in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await page.getByTestId('node-pattern').click();
  await expect(page.getByTestId('output-fields')).toContainText('first_time');

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('tab-dashboard').click();
  const table = page.getByTestId('panel-table');
  const first = table.getByTestId('table-row').first();
  await expect(first).toBeVisible({ timeout: 30_000 });
  const headers = await table.locator('th').allTextContents();
  expect(headers.slice(0, 4)).toEqual(['key', 'events', 'first_time', 'last_time']);
  expect(headers).toEqual(expect.arrayContaining(['user', 'ip', 'type']));
  await expect(first.locator('[data-col="events"]')).toHaveText('3');
  await expect(first.locator('[data-col="type"]')).toHaveText('fail');
  // Times read as times, and no cell is a cut-off JSON array of matched events.
  await expect(first.locator('[data-col="first_time"]')).toHaveText(/\d\d:\d\d:\d\d/);
  const cells = await table.locator('td').allTextContents();
  expect(cells.filter((c) => c.trim().startsWith('['))).toEqual([]);
  await page.screenshot({ path: 'screenshots/pattern-from-palette-table.png' });
  await table.screenshot({ path: '../../docs/screenshots/pattern-summary-table.png' });
  await stopRun(page);
});
