import { expect, test } from '@playwright/test';
import { openTemplate } from './helpers';

test('a typo in an expression is underlined, badged on the node, and Run is refused with the reason', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('node-event-time').click();
  const expr = page.getByTestId('expr-timestamp');

  // Field completion from the inferred input schema.
  await expr.fill('');
  await expr.pressSequentially('te');
  await expect(page.getByTestId('expr-completions')).toBeVisible();
  await expect(page.getByTestId('completion-temperature')).toBeVisible();
  await expr.press('Escape');

  await expr.fill('tss');
  const underline = page.getByTestId('expr-underline');
  await expect(underline).toBeVisible();
  await expect(underline).toHaveText('tss');
  await expect(page.getByTestId('param-error')).toContainText('"tss"');
  await expect(page.getByTestId('node-badge-event-time')).toHaveText('1');
  await page.getByTestId('node-badge-event-time').hover();
  await expect(page.locator('.badge-tip')).toContainText('tss');
  await page.screenshot({ path: 'screenshots/validation.png' });

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('problems-dialog')).toContainText('Cannot run this pipeline yet');
  await expect(page.getByTestId('problems-list')).toContainText('node event-time: params.timestamp');
  await page.getByTestId('problems-close').click();
  await expect(page.getByTestId('run-state')).toHaveCount(0);

  // Fixing the typo clears the underline and the badge.
  await expr.fill('ts');
  await expect(underline).toHaveCount(0);
  await expect(page.getByTestId('node-badge-event-time')).toHaveCount(0);
});
