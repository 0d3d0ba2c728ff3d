import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openTemplate } from './helpers';

/** A second real server of our own, so this test can stop and restart it. */
const PORT = Number(process.env.E2E_PORT ?? 4873) + 10;
const BASE = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'eventide-e2e-restart-'));

function startServer(): ChildProcess {
  return spawn('node', ['--conditions=source', '--import', 'tsx', '../server/src/cli.ts', 'serve'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', EVENTIDE_DATA: dataDir, EVENTIDE_LOG: '0' },
    stdio: 'ignore',
  });
}

async function waitHealthy() {
  await expect
    .poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.ok ?? false, { timeout: 30_000 })
    .toBe(true);
}

/** SIGTERM (the server checkpoints running pipelines); SIGKILL if that takes over 15 s. */
async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

test('the dashboard reconnects by itself when the server restarts, and the resumed run keeps updating it and shows the damaged checkpoint it skipped', async ({
  page,
}) => {
  test.setTimeout(120_000);
  let server = startServer();
  try {
    await waitHealthy();
    await page.goto(BASE);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
    await openTemplate(page, 'sensor-averages');
    await page.getByTestId('run-button').click();
    await page.getByTestId('tab-dashboard').click();
    const table = page.getByTestId('panel-latest-windows');
    const received = async () => Number(await table.locator('[data-received]').getAttribute('data-received'));
    await expect.poll(received, { timeout: 20_000 }).toBeGreaterThan(0);

    await stopServer(server);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'reconnecting');
    await expect(page.getByTestId('connection-status')).toContainText('reconnecting');

    // Damage the checkpoint the shutdown wrote: the run resumes from the one before and says so.
    const runDir = path.join(dataDir, 'runs', readdirSync(path.join(dataDir, 'runs'))[0]!);
    const newest = readdirSync(runDir)
      .filter((f) => f.endsWith('.ckpt'))
      .sort()
      .at(-1)!;
    const bytes = readFileSync(path.join(runDir, newest));
    bytes[bytes.length >> 1]! ^= 0x20;
    writeFileSync(path.join(runDir, newest), bytes);

    server = startServer();
    await waitHealthy();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open', {
      timeout: 20_000,
    });
    // The replay on resubscribe restores the table; the resumed run then adds new windows to it.
    await expect.poll(received, { timeout: 20_000 }).toBeGreaterThan(0);
    const afterReconnect = await received();
    await expect.poll(received, { timeout: 20_000 }).toBeGreaterThan(afterReconnect);
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
    const warning = page.getByTestId('run-warnings');
    await expect(warning).toHaveText('⚠ 1 warning');
    await expect(warning).toHaveAttribute(
      'title',
      /^checkpoint \d+ is damaged \(checksum mismatch\): resumed from checkpoint \d+$/,
    );
    await expect(page.getByTestId('dashboard')).toContainText('is damaged (checksum mismatch)');
    await page.screenshot({ path: 'test-results/resumed-with-warning.png' });
    await page.getByTestId('stop-button').click();
  } finally {
    await stopServer(server);
  }
});
