import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PipelineDocument } from '@eventide/shared';
import { expect, test } from '@playwright/test';
import { openTemplate, stopRun } from './helpers';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples');

/** Templates fed by generators alone run anywhere; those reading brokers are covered by connector tests. */
const templates = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    file: f.replace(/\.json$/, ''),
    document: JSON.parse(readFileSync(path.join(EXAMPLES, f), 'utf8')) as PipelineDocument,
  }))
  .filter(({ document }) =>
    document.nodes.every((n) => !n.kind.startsWith('source.') || n.kind === 'source.generator'),
  );

// Every template is somebody's first run: each must show results on its dashboard within seconds.
for (const template of templates) {
  test(`template ${template.file} shows results on its dashboard within 10 s of Run`, async ({ page }) => {
    await page.goto('/');
    await openTemplate(page, template.file);
    const panels = template.document.layout.dashboard.panels.map((p) => p.node);
    expect(panels.length, 'a template has a dashboard').toBeGreaterThan(0);
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
    await page.getByTestId('tab-dashboard').click();
    for (const node of panels)
      await expect(page.getByTestId(`panel-${node}`).getByTestId('panel-empty')).toHaveCount(0, {
        timeout: 10_000,
      });
    await page.screenshot({ path: `screenshots/template-${template.file}.png` });
    await stopRun(page);
  });
}
