import { expect, type Page, test } from '@playwright/test';
import { openTemplate, stopRun } from './helpers';

// Noon today (UTC): times of today are shown without their date.
const now = new Date();
const T0 = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 12, 0, 0);

// Room for the preview panel's charts in the screenshots.
test.use({ viewport: { width: 1440, height: 1000 } });

/** The README's picture: one panel alone, made `height` of the window tall to show all of it. */
async function docsShot(page: Page, name: string, panelId = 'preview-panel', height = '72%') {
  const panel = page.getByTestId(panelId);
  await panel.evaluate((el, h) => {
    el.style.height = h;
  }, height);
  await panel.screenshot({ path: `../../docs/screenshots/${name}.png` });
}

/**
 * 2000 readings 100 ms apart (one micro-batch holds 512: the watermark moves in between), then a
 * reading from 12:00:01, far behind the watermark: late for its window. The sample's last window
 * ends after the last reading, so only the end of the sample fires it.
 */
function sampleWithLateEvent(): string {
  const lines: string[] = [];
  for (let i = 0; i < 2000; i++)
    lines.push(JSON.stringify({ sensor: `s${i % 3}`, temperature: 20 + (i % 7), ts: T0 + i * 100 }));
  lines.push(JSON.stringify({ sensor: 's0', temperature: 99, ts: T0 + 1000 }));
  lines.push(JSON.stringify({ sensor: 's1', temperature: 21, ts: T0 + 200_200 }));
  return lines.join('\n');
}

test('the event-time inspector shows a late event, the windows, their events, and why a window has not fired', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('preview-toggle').click();
  await page.getByTestId('node-sensors').click();
  await page.getByTestId('sample-text').fill(sampleWithLateEvent());
  await page.getByTestId('sample-use').click();

  await page.getByTestId('node-avg-5s').click();
  await expect(page.getByTestId('preview-port-late')).toContainText('1');
  await expect(page.getByTestId('preview-panel').getByTestId('preview-row').first()).toBeVisible();
  await docsShot(page, 'preview', 'preview-panel', '40%');
  await page.getByTestId('preview-tab-event-time').click();
  const inspector = page.getByTestId('event-time-inspector');
  await expect(inspector.getByTestId('event-time-chart')).toBeVisible();
  await expect(inspector.getByTestId('event-time-late')).toHaveCount(1);
  await expect(inspector.getByTestId('event-time-watermark')).toHaveAttribute('d', /^M[\d.]+,[\d.]+H/);
  await expect(inspector.getByTestId('window-wait-reason')).toContainText(
    // Three micro-batches (1536 readings, up to 12:02:33.5) moved the watermark, 1 s behind, to
    // 12:02:32.5; the window ending 12:02:35 never saw the watermark pass its end.
    'watermark is 12:02:32, this window ends 12:02:35',
  );
  await expect(inspector.getByTestId('window-wait-reason')).toContainText(
    'the watermark is held back by source `sensors` (its sample has no later event; idle timeout off)',
  );

  // Clicking a window lists the events that fell into it: its sensor, within its time range.
  await inspector.locator('[data-testid="event-time-window"][data-fire="final"]').first().click();
  const events = inspector.getByTestId('window-events');
  await expect(events).toBeVisible();
  const sensors = await events.locator('[data-col="sensor"]').allTextContents();
  expect(sensors.length).toBeGreaterThan(0);
  expect(new Set(sensors).size).toBe(1);
  await page.screenshot({ path: 'screenshots/event-time-inspector.png' });
  await docsShot(page, 'event-time-inspector');
});

test('the CEP inspector draws the login pattern and lists the partial matches still open', async ({
  page,
}) => {
  await page.goto('/');
  await openTemplate(page, 'brute-force-logins');
  await page.getByTestId('preview-toggle').click();
  await page.getByTestId('node-three-failures').click();
  await page.getByTestId('preview-tab-pattern').click();
  const inspector = page.getByTestId('cep-inspector');
  await expect(inspector.getByTestId('pattern-diagram')).toBeVisible();
  await expect(inspector.getByTestId('pattern-state')).toHaveCount(1);
  await expect(inspector.getByTestId('pattern-diagram')).toContainText('first ×3');
  // The generated logins leave users with one or two failures in a row when the sample ends.
  const open = Number(
    (await inspector.getByTestId('cep-open-count').locator('b').first().textContent()) ?? '0',
  );
  expect(open).toBeGreaterThan(0);
  await expect(inspector.getByTestId('pattern-state-open')).toBeVisible();
  await inspector.getByTestId('cep-key').nth(1).click();
  const partial = inspector.getByTestId('cep-partials').getByTestId('cep-partial').first();
  await expect(partial).toContainText('waits after first');
  await expect(partial).toContainText('"type":"fail"');
  await page.screenshot({ path: 'screenshots/cep-inspector.png' });
  await docsShot(page, 'cep-inspector', 'preview-panel', '52%');
});

test('a failing pipeline test shows its diff in the editor (the README picture)', async ({ page }) => {
  await page.goto('/');
  await openTemplate(page, 'sensor-averages');
  await page.getByTestId('node-avg-5s').click();
  await page.getByTestId('param-sizeMs').fill('10');
  await page.getByTestId('run-tests').click();
  await expect(page.getByTestId('tests-summary')).toHaveText('0 of 1 passed');
  await expect(page.getByTestId('test-result').first()).toContainText('window_end: expected');
  await docsShot(page, 'pipeline-tests', 'tests-panel', '24%');
});

test('in a live run, a window waiting on a silent source says so', async ({ page }) => {
  test.setTimeout(90_000);
  const doc = {
    version: 1,
    name: 'idle-logins',
    nodes: [
      { id: 'logins', kind: 'source.http-ingest', params: {}, position: { x: 0, y: 0 } },
      {
        id: 'event-time',
        kind: 'time.assign-timestamps',
        params: { timestamp: 'ts', maxOutOfOrdernessMs: 0 },
        position: { x: 260, y: 0 },
      },
      {
        id: 'per-5s',
        kind: 'window.tumbling',
        params: { sizeMs: 5000, aggregations: [{ name: 'n', fn: 'count' }] },
        position: { x: 520, y: 0 },
      },
      { id: 'counts', kind: 'sink.table', params: {}, position: { x: 780, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'logins', target: 'event-time' },
      { id: 'e2', source: 'event-time', target: 'per-5s' },
      { id: 'e3', source: 'per-5s', target: 'counts' },
    ],
  };
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles({
    name: 'idle-logins.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(doc)),
  });
  await expect(page.getByTestId('node-per-5s')).toBeVisible();
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  const runs = (await (await page.request.get('/api/runs')).json()) as {
    runs: { pipeline: string; state: string }[];
  };
  const pipeline = runs.runs.find((r) => r.state === 'running')?.pipeline;
  expect(pipeline).toBeTruthy();
  // Two logins at 12:00:01 and 12:00:03, then nothing: the window [12:00:00, 12:00:05) waits.
  const sent = await page.request.post(`/api/ingest/${pipeline}/logins`, {
    data: [
      { user: 'ann', ts: T0 + 1000 },
      { user: 'bob', ts: T0 + 3000 },
    ],
  });
  expect(sent.status()).toBe(202);
  await page.getByTestId('node-per-5s').click();
  const wait = page.getByTestId('live-window-wait');
  await expect(wait).toContainText('Watermark is 12:00:03, this window ends 12:00:05');
  await expect(wait).toContainText(
    /held back by source `logins` \(no event for [2-9] s; idle timeout off\)/,
    {
      timeout: 20_000,
    },
  );
  await page.screenshot({ path: 'screenshots/live-window-wait.png' });
  await wait.screenshot({ path: '../../docs/screenshots/live-window-wait.png' });
  await stopRun(page);
});
