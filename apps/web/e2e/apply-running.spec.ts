import { expect, test } from '@playwright/test';
import { dragBy, openTemplate, stopRun } from './helpers';

test('apply edits to a running pipeline: the dialog says per node whether its state is kept or dropped, and the run goes on', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('pipeline-name').fill('Applied while running');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');

  // A change downstream of the window: its state is kept.
  await page.getByTestId('node-latest-windows').click();
  await page.getByTestId('param-maxRows').fill('30');
  // The editor says the run is still the previous version, and offers to apply.
  const notice = page.getByTestId('running-version-notice');
  await expect(notice).toContainText('The running pipeline is the previous version.');
  await page.screenshot({ path: 'test-results/running-previous-version.png' });
  await notice.screenshot({ path: '../../docs/screenshots/running-version-notice.png' });
  await page.getByTestId('running-notice-apply').click();
  await expect(page.getByTestId('apply-dialog')).toBeVisible();
  await expect(page.getByTestId('apply-avg-5s')).toHaveAttribute('data-fate', 'kept');
  await expect(page.getByTestId('apply-dialog')).toContainText('Every stateful node keeps its state.');
  await page.screenshot({ path: 'test-results/apply-kept.png' });
  await page.getByTestId('apply-confirm').click();
  await expect(page.getByText(/Applied as version \d+/)).toBeVisible();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await expect(notice).toBeHidden();
  // Moving a node changes no result: no notice.
  await dragBy(page, 'node-latest-windows', 0, 68, 40, 12);
  await expect(page.getByTestId('save-state')).toHaveText('unsaved changes');
  await expect(notice).toBeHidden();

  // A new window size: the dialog warns that the window's state will be dropped.
  await page.getByTestId('node-avg-5s').click();
  await page.getByTestId('param-sizeMs').fill('10');
  await page.getByTestId('apply-button').click();
  await expect(page.getByTestId('apply-avg-5s')).toHaveAttribute('data-fate', 'dropped');
  await expect(page.getByTestId('apply-avg-5s')).toContainText('sizeMs 5000 -> 10000');
  await page.screenshot({ path: 'test-results/apply-dropped.png' });
  await page.getByTestId('apply-confirm').click();
  // The switch is done when the new run is attached: the notice of a previous version is gone.
  await expect(page.getByTestId('applying')).toBeHidden();
  await expect(notice).toBeHidden();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await stopRun(page);
});
