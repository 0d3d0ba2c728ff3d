import { expect, test } from '@playwright/test';
import { openTemplate } from './helpers';

test('the canvas keeps its pan and zoom across a visit to the dashboard', async ({ page }) => {
  await page.goto('/');
  await openTemplate(page, 'user-sessions');
  const viewport = page.locator('.react-flow__viewport');
  await expect(viewport).toHaveAttribute('style', /scale/);
  await page.locator('.react-flow__controls-zoomin').click();
  await page.locator('.react-flow__controls-zoomin').click();
  await page.waitForTimeout(400); // the zoom animation
  const zoomed = await viewport.getAttribute('style');
  await page.getByTestId('tab-dashboard').click();
  await page.getByTestId('tab-editor').click();
  await expect(viewport).toHaveAttribute('style', zoomed ?? '');
});
