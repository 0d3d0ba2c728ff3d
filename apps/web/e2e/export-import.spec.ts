import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { edgeCount, focusCanvas, nodeIds, openTemplate } from './helpers';

test('export downloads the document; importing it restores the canvas; a broken file changes nothing', async ({
  page,
  request,
}) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await expect(page.getByTestId('node-avg-5s')).toBeVisible();
  const before = { nodes: await nodeIds(page), edges: await edgeCount(page) };
  expect(before.nodes).toHaveLength(5);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-button').click(),
  ]);
  expect(download.suggestedFilename()).toBe('sensor-averages-tumbling-window.json');
  const file = await download.path();
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.nodes.map((n: { id: string }) => n.id).sort()).toEqual(before.nodes);
  // The server (the same validator as `eventide run`) accepts the exported file as it is.
  const verdict = await (await request.post('/api/validate', { data: exported })).json();
  expect(verdict).toMatchObject({ ok: true, errors: [] });
  // And the command line takes the file as it is (a non-zero exit would throw here).
  const cli = execFileSync(
    'node',
    ['--conditions=source', '--import', 'tsx', '../server/src/cli.ts', 'validate', file],
    {
      encoding: 'utf8',
    },
  );
  expect(cli.trim()).toBe('valid');

  // Clear the canvas: select all, delete.
  await focusCanvas(page);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('canvas-empty')).toBeVisible();
  expect(await edgeCount(page)).toBe(0);

  await page.getByTestId('import-input').setInputFiles(file);
  // Clearing the canvas was an edit: the import asks before replacing it.
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('node-avg-5s')).toBeVisible();
  expect(await nodeIds(page)).toEqual(before.nodes);
  expect(await edgeCount(page)).toBe(before.edges);

  // A broken file from the picker: errors shown, canvas kept.
  const broken = JSON.stringify({
    version: 1,
    name: 'broken',
    nodes: [{ id: 'w', kind: 'window.tumblin', params: {} }],
    edges: [],
  });
  await page.getByTestId('import-input').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(broken),
  });
  await expect(page.getByTestId('problems-dialog')).toContainText('broken.json was not imported');
  await expect(page.getByTestId('problems-list')).toContainText('unknown kind "window.tumblin"');
  await page.screenshot({ path: 'screenshots/import-refused.png' });
  await page.getByTestId('problems-close').click();
  expect(await nodeIds(page)).toEqual(before.nodes);

  // The same file dropped on the page is refused the same way.
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, '{ "version": 1, "name": "x" ');
  await expect(page.getByTestId('problems-dialog')).toContainText('dropped.json was not imported');
  await expect(page.getByTestId('problems-list')).toContainText('not JSON');
  await page.getByTestId('problems-close').click();
  expect(await nodeIds(page)).toEqual(before.nodes);
});
