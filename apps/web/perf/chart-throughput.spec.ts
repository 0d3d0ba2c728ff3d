import { expect, test } from '@playwright/test';

/**
 * A line chart fed raw generator events (not window results): thousands of points per second
 * through the real server and websocket. Prints results/s reaching the chart, frames/s of the
 * page, and main-thread time lost to long tasks.
 */
const RATES = [1000, 5000, 20000];

for (const ratePerSec of RATES) {
  test(`line chart at ${ratePerSec} points/s`, async ({ page }) => {
    const doc = {
      version: 1,
      name: `Chart throughput ${ratePerSec}`,
      nodes: [
        {
          id: 'sensors',
          kind: 'source.generator',
          params: { preset: 'sensors', ratePerSec, keyCardinality: 5 },
          position: { x: 0, y: 0 },
        },
        {
          id: 'points',
          kind: 'sink.line-chart',
          params: { x: 'ts', y: ['temperature'], series: 'sensor', maxPoints: 5000 },
          position: { x: 300, y: 0 },
        },
      ],
      edges: [{ id: 'e1', source: 'sensors', target: 'points' }],
      dashboard: { panels: [{ node: 'points', x: 0, y: 0, w: 12, h: 7 }] },
    };
    await page.goto('/');
    await page.getByTestId('import-input').setInputFiles({
      name: 'perf.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(doc)),
    });
    await page.getByTestId('run-button').click();
    await page.getByTestId('tab-dashboard').click();
    const count = page.getByTestId('panel-points').locator('[data-received]');
    const received = async () => Number(await count.getAttribute('data-received'));
    await expect.poll(received).toBeGreaterThan(0);
    await page.waitForTimeout(2000); // warm up

    const chart = page.getByTestId('line-chart');
    const redraws = async () => Number(await chart.getAttribute('data-redraws'));
    const before = await received();
    const redrawsBefore = await redraws();
    const measured = await page.evaluate(async () => {
      let frames = 0;
      let longTaskMs = 0;
      const obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTaskMs += e.duration;
      });
      obs.observe({ type: 'longtask', buffered: false });
      const start = performance.now();
      await new Promise<void>((resolve) => {
        const tick = () => {
          frames++;
          if (performance.now() - start < 5000) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      obs.disconnect();
      return { seconds: (performance.now() - start) / 1000, frames, longTaskMs };
    });
    const after = await received();
    const redrawsAfter = await redraws();
    const points = await page.getByTestId('line-chart').getAttribute('data-points');
    const line = {
      ratePerSec,
      resultsPerSec: Math.round((after - before) / measured.seconds),
      fps: +(measured.frames / measured.seconds).toFixed(1),
      chartRedrawsPerSec: +((redrawsAfter - redrawsBefore) / measured.seconds).toFixed(1),
      longTaskMsPerSec: Math.round(measured.longTaskMs / measured.seconds),
      pointsOnChart: Number(points),
    };
    console.log(`chart-throughput ${JSON.stringify(line)}`);
    await page.screenshot({ path: `screenshots/perf-${ratePerSec}.png` });
    await page.getByTestId('stop-button').click();
  });
}
