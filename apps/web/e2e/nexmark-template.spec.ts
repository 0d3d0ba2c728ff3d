import { expect, test } from '@playwright/test';
import { openTemplate, stopRun } from './helpers';

test('Nexmark q5 from its template: the top-N keeps ties, and the dashboard names the hot auctions', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'nexmark-q5');
  await page.getByTestId('node-hottest').click();
  // The hot items are a top-N of 1 by bid count with ties: every auction tied at the top stays.
  await expect(page.getByTestId('param-n')).toHaveValue('1');
  await expect(page.getByTestId('param-orderBy')).toHaveValue('num');
  const ties = page.getByTestId('param-withTies');
  await expect(ties).toBeChecked();
  await ties.uncheck();
  await expect(ties).not.toBeChecked();
  await ties.check();
  await page.screenshot({ path: '../../docs/screenshots/nexmark-q5-top-n.png' });

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('tab-dashboard').click();
  // The first 2 s sliding window fires once the watermark passes it, a few seconds into the run.
  const rows = page.getByTestId('panel-hot-items').getByTestId('table-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  await expect(rows.first().locator('[data-col="auction"]')).toHaveText(/^\d+$/);
  await expect(rows.first().locator('[data-col="num"]')).toHaveText(/^[1-9]\d*$/);
  await stopRun(page);
});
