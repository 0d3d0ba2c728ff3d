import { expect, test } from '@playwright/test';
import { openTemplate, stopRun } from './helpers';

test('a tap is filtered with CEL, refuses a bad filter naming the problem, pauses and resumes, and a row opens in full', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await page.getByTestId('rf__edge-e1').click({ force: true });
  const tap = page.getByTestId('edge-tap');
  const rows = tap.getByTestId('event-list').locator('li');
  await expect(rows.first()).toBeVisible();

  // A filter: every sampled event is of sensor-1.
  await page.getByTestId('tap-filter').fill('sensor == "sensor-1"');
  await expect(tap).toContainText('Waiting for events where sensor == "sensor-1"');
  await expect.poll(() => rows.count()).toBeGreaterThan(2);
  const sensors = await rows.locator('summary').allTextContents();
  expect(sensors.every((r) => r.includes('"sensor":"sensor-1"'))).toBe(true);

  // A row opens to the whole event.
  await rows.first().locator('summary').click();
  await expect(rows.first().getByTestId('event-full')).toContainText('"temperature":');
  await page.screenshot({ path: 'screenshots/tap-filtered.png' });
  await page.getByTestId('inspector').screenshot({ path: '../../docs/screenshots/tap-filter.png' });

  // A filter that cannot run says why, and the tap keeps the last good one.
  await page.getByTestId('tap-filter').fill('temp > 30');
  await expect(page.getByTestId('tap-filter-error')).toContainText('temp');

  // Pause: nothing new arrives; Resume: sampling again.
  await page.getByTestId('tap-filter').fill('');
  await page.getByTestId('tap-pause').click();
  await expect(tap).toContainText('Paused: press Resume to sample again.');
  await page.getByTestId('tap-pause').click();
  await expect(rows.first()).toBeVisible();
  await stopRun(page);
});
