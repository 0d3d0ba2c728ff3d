import { connect as tcp } from 'node:net';
import { expect, type Page } from '@playwright/test';

/** Drags a kind from the palette (found by searching, as a user would) onto the canvas at (x, y). */
export async function dragFromPalette(page: Page, search: string, kind: string, x: number, y: number) {
  await page.getByTestId('palette-search').fill(search);
  await page
    .getByTestId(`palette-item-${kind}`)
    .dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
  await page.getByTestId('palette-search').fill('');
}

/** Draws an edge by dragging from an output handle to an input handle. */
export async function connect(page: Page, fromHandle: string, toHandle: string) {
  const a = await page.getByTestId(fromHandle).boundingBox();
  const b = await page.getByTestId(toHandle).boundingBox();
  if (!a || !b) throw new Error(`handle not visible: ${!a ? fromHandle : toHandle}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Drags the element with `testId` by (dx, dy), grabbing it at (atX, atY) from its top left corner. */
export async function dragBy(page: Page, testId: string, dx: number, dy: number, atX = 8, atY = 8) {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`not visible: ${testId}`);
  await page.mouse.move(box.x + atX, box.y + atY);
  await page.mouse.down();
  await page.mouse.move(box.x + atX + dx, box.y + atY + dy, { steps: 8 });
  await page.mouse.up();
}

export async function openTemplate(page: Page, file: string) {
  await page.getByTestId('templates-menu').click();
  await page.getByTestId(`template-${file}`).click();
}

/** Clicks an empty spot of the canvas, so keyboard shortcuts go to the editor, not a text field. */
export async function focusCanvas(page: Page) {
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 300 } });
}

export const edgeCount = (page: Page) => page.locator('.react-flow__edge').count();

export async function nodeIds(page: Page): Promise<string[]> {
  const ids = await page
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  return ids.sort();
}

/** Stops the run, so the next test does not share the CPU with it. */
export async function stopRun(page: Page) {
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-button')).toBeVisible();
}

/** True when something accepts TCP connections at host:port (a URL's scheme and path are ignored). */
export function reachable(address: string): Promise<boolean> {
  const u = new URL(address.includes('://') ? address : `tcp://${address}`);
  return new Promise((resolve) => {
    const s = tcp({ host: u.hostname, port: Number(u.port) });
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
