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
