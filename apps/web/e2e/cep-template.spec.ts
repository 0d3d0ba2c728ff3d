import { expect, test } from '@playwright/test';
import { openTemplate, stopRun } from './helpers';

test('the CEP login template runs and its table shows matches with the user and the attempts', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'brute-force-logins');
  await expect(page.getByTestId('node-three-failures')).toBeVisible();
  await page.getByTestId('node-three-failures').click();
  await expect(page.getByTestId('pattern-step-0')).toContainText(
    'First 3 times in a row, each matching type == "fail"',
  );
  await expect(page.getByTestId('pattern-step-0')).toContainText('begin · times(3) · consecutive()');

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');

  // Events reach the pattern node (this pins a failure below on the pattern emitting no match).
  await expect
    .poll(async () => Number(await page.getByTestId('node-live-three-failures').getAttribute('data-in')))
    .toBeGreaterThan(0);

  // The live CEP inspector: the running pattern's partial matches, per step and per key.
  const live = page.getByTestId('live-cep');
  await expect(live).toBeVisible();
  const open = async () =>
    Number((await live.getByTestId('cep-open-count').locator('b').first().textContent()) ?? '0');
  await expect.poll(open, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(live.getByTestId('cep-counts')).toContainText(/matches \(\d+ since opened\)/);
  await live.getByTestId('cep-key').first().click();
  const partial = live.getByTestId('cep-partials').getByTestId('cep-partial').first();
  await expect(partial).toContainText('"type":"fail"');
  await expect(partial).toContainText('waits after first');
  await page.screenshot({ path: 'screenshots/live-cep-inspector.png' });
  await live.screenshot({ path: '../../docs/screenshots/live-cep-inspector.png' });

  await page.getByTestId('tab-dashboard').click();

  const rows = page.getByTestId('panel-alerts').getByTestId('table-row');
  await expect(rows.first(), 'the pattern node received events but emitted no match').toBeVisible({
    timeout: 30_000,
  });
  const first = rows.first();
  await expect(first.locator('[data-col="user"]')).toHaveText(/\S+/);
  await expect(first.locator('[data-col="attempts"]')).toHaveText('3');
  await expect(page.getByTestId('panel-alert-log').getByTestId('event-list')).toBeVisible();
  await page.screenshot({ path: 'screenshots/dashboard-cep.png' });
  await stopRun(page);
});
