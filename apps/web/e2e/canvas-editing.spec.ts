import { expect, test } from '@playwright/test';
import { connect, dragFromPalette } from './helpers';

test('typed ports refuse an incompatible edge with the reason; multi-select; auto-layout orders the chain', async ({
  page,
}) => {
  await page.goto('/');
  await dragFromPalette(page, 'generator', 'source.generator', 130, 420);
  await dragFromPalette(page, 'micro', 'transform.micro-batch', 360, 150);
  await dragFromPalette(page, 'filter', 'transform.filter', 600, 420);

  await connect(page, 'handle-generator-out-out', 'handle-micro-batch-in-in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // A micro-batch gives arrays; a filter takes single events.
  await connect(page, 'handle-micro-batch-out-out', 'handle-filter-in-in');
  const toast = page.getByTestId('toast').filter({ hasText: 'Cannot connect these ports' });
  await expect(toast).toContainText('takes events');
  await expect(toast).toContainText('gives batches');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // A second edge into a single-edge input is refused too, with the fix in the message.
  await connect(page, 'handle-generator-out-out', 'handle-filter-in-in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await dragFromPalette(page, 'generator', 'source.generator', 130, 150);
  await connect(page, 'handle-generator-2-out-out', 'handle-filter-in-in');
  await expect(page.getByTestId('toast').filter({ hasText: 'union' })).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Multi-select with Ctrl+click.
  await page.getByTestId('node-generator').click();
  await page.getByTestId('node-filter').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('inspector')).toContainText('2 nodes, 0 edges selected');

  // Auto-layout: sources left of what they feed.
  await page.getByTestId('auto-layout').click();
  const x = async (id: string) => (await page.getByTestId(`node-${id}`).boundingBox())!.x;
  await expect.poll(async () => (await x('micro-batch')) > (await x('generator'))).toBe(true);
  expect(await x('filter')).toBeGreaterThan(await x('generator'));
  await page.screenshot({ path: 'screenshots/canvas-editing.png' });
});
