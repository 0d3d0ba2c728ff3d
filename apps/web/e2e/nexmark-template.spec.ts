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

  // On Flink a top-1 with ties is a window join with the window's maximum; ties beyond the first
  // place have no translation (Flink's window Top-N takes ROW_NUMBER() only): refused at the node.
  await page.getByTestId('flink-toggle').click();
  await expect(page.getByTestId('flink-verdict')).toHaveText('translates');
  await expect(page.getByTestId('flink-sql')).toContainText('MAX(`num`) AS `__best`');
  // The script scrolled to the top-N's statement, for the Nexmark README.
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.getByTestId('flink-sql').evaluate((pre) => {
    const lines = (pre.textContent ?? '').split('\n');
    const at = lines.findIndex((l) => l.startsWith('-- node hottest'));
    pre.scrollTop = (at / lines.length) * pre.scrollHeight;
  });
  await page.screenshot({ path: '../../docs/screenshots/nexmark-q5-flink-sql.png' });
  await page.getByTestId('param-n').fill('2');
  await expect(page.getByTestId('flink-verdict')).toHaveText('1 refused');
  await expect(page.getByTestId('flink-issues')).toContainText('ROW_NUMBER() only');
  await expect(page.getByTestId('node-badge-hottest')).toHaveText('1');
  await page.getByTestId('param-n').fill('1');
  await expect(page.getByTestId('flink-verdict')).toHaveText('translates');
  await page.getByTestId('flink-toggle').click();

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

test('Nexmark q4 from its template: auctions close at their own expiry, and the dashboard shows each category average', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'nexmark-q4');
  // Each auction is a session as long as its own lifetime; its bids join it with a gap of 0.
  await page.getByTestId('node-auction-close').click();
  await expect(page.getByTestId('expr-dynamicGap')).toHaveValue('lifetime');
  await expect(page.getByTestId('expr-aggregations.0.where')).toHaveValue('type == "bid"');
  await page.screenshot({ path: '../../docs/screenshots/nexmark-q4-auction-close.png' });
  await page.getByTestId('node-average').click();
  await expect(page.getByTestId('param-aggregations.0.fn')).toHaveValue('avg');
  await expect(page.getByTestId('output-fields')).toContainText('avg_final');

  // Flink SQL's SESSION has one gap for every row: refused at the session's dynamicGap.
  await page.getByTestId('flink-toggle').click();
  await expect(page.getByTestId('flink-verdict')).toHaveText('1 refused');
  await expect(page.getByTestId('flink-issues')).toContainText('one gap for every row');
  await expect(page.getByTestId('node-badge-auction-close')).toHaveText('1');
  await page.getByTestId('flink-toggle').click();

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('tab-dashboard').click();
  // At 1,000 events/s an auction lives for up to about 3 s of event time: rows within seconds.
  const rows = page.getByTestId('panel-category-averages').getByTestId('table-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  await expect(rows.first().locator('[data-col="category"]')).toHaveText(/^1\d$/);
  await expect(rows.first().locator('[data-col="avg_final"]')).toHaveText(/^[\d,.]+$/);
  await stopRun(page);
});

test('Nexmark q9 from its template: each sold auction with its winning bid, picked by max_by', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'nexmark-q9');
  // The auction and its winning bid, each kept whole by a max_by without a field.
  await page.getByTestId('node-auction-close').click();
  await expect(page.getByTestId('param-aggregations.1.fn')).toHaveValue('max_by');
  await expect(page.getByTestId('param-aggregations.1.by')).toHaveValue('price');
  await page.screenshot({ path: 'screenshots/nexmark-q9-auction-close.png' });
  await page.getByTestId('node-project').click();
  await expect(page.getByTestId('output-fields')).toContainText('bid_dateTime');

  // Flink SQL has no SESSION with a gap per row and no arg-max aggregate.
  await page.getByTestId('flink-toggle').click();
  await expect(page.getByTestId('flink-verdict')).toHaveText('3 refused');
  await expect(page.getByTestId('flink-issues')).toContainText('no ARG_MAX');
  await page.getByTestId('flink-toggle').click();

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('tab-dashboard').click();
  const rows = page.getByTestId('panel-winning-bids').getByTestId('table-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  await expect(rows.first().locator('[data-col="bidder"]')).toHaveText(/^[\d,]+$/);
  await expect(rows.first().locator('[data-col="price"]')).toHaveText(/^[\d,]+$/);
  await page.screenshot({ path: 'screenshots/nexmark-q9-dashboard.png' });
  await stopRun(page);
});
