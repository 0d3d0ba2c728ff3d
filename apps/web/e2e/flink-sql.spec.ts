import { expect, test } from '@playwright/test';
import { openTemplate } from './helpers';

test('the Flink SQL panel follows edits, and refusals are badged on the canvas', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('flink-toggle').click();
  const sql = page.getByTestId('flink-sql');
  await expect(page.getByTestId('flink-verdict')).toHaveText('translates');
  await expect(sql).toContainText("TUMBLE(TABLE `v_sensors`, DESCRIPTOR(`rowtime`), INTERVAL '5' SECOND)");
  await expect(sql).toContainText('-- node avg-5s');

  // An edit in the inspector recompiles: a 10 s window. The panel narrowed the canvas after the view
  // was fitted to it, so a node may sit under the panel: fit again first, as a user would.
  await page.getByTestId('fit-view').click();
  await page.getByTestId('node-avg-5s').click();
  await page.getByTestId('param-sizeMs').fill('10');
  await expect(sql).toContainText("INTERVAL '10' SECOND)");

  // first and collect cannot merge in Flink session windows: refused in the panel and badged on the node.
  await openTemplate(page, 'user-sessions');
  // The window-size edit is unsaved: the editor asks before discarding it.
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('flink-verdict')).toHaveText('2 refused');
  await expect(page.getByTestId('flink-issues')).toContainText('collect in a session window');
  await expect(page.getByTestId('node-badge-sessions')).toHaveText('2');
  await expect(sql).toContainText('-- NOT DEPLOYABLE: 2 refusal(s)');
  await page.screenshot({ path: 'screenshots/flink-sql.png' });

  // Closing the panel removes the Flink badges (they are not validation errors).
  await page.getByTestId('flink-toggle').click();
  await expect(page.getByTestId('flink-panel')).toHaveCount(0);
  await expect(page.getByTestId('node-badge-sessions')).toHaveCount(0);
});
