import { expect, test } from '@playwright/test';
import { openTemplate } from './helpers';

test('opening a document fits it in view; the canvas keeps its pan and zoom across a visit to the dashboard', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'user-sessions');
  const viewport = page.locator('.react-flow__viewport');
  // Opening a document fits it into view: every node inside the canvas.
  await expect(viewport).not.toHaveAttribute('style', 'transform: translate(0px, 0px) scale(1);');
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  for (const box of await page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
    expect(box.left).toBeGreaterThanOrEqual(canvas.x);
    expect(box.right).toBeLessThanOrEqual(canvas.x + canvas.width);
  }
  await page.locator('.react-flow__controls-zoomin').click();
  await page.locator('.react-flow__controls-zoomin').click();
  await page.waitForTimeout(400); // the zoom animation
  const zoomed = await viewport.getAttribute('style');
  await page.getByTestId('tab-dashboard').click();
  await page.getByTestId('tab-editor').click();
  await expect(viewport).toHaveAttribute('style', zoomed ?? '');
});
