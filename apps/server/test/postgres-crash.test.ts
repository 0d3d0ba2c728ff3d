import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { expectedWindows, replayPipeline, writeReplayInput } from './replay-fixture.js';
import { killChildren, killed, runFinished, serve, startStored } from './serve-process.js';
import { POSTGRES_URL, serviceAvailable } from './services.js';

const up = await serviceAvailable('postgres', POSTGRES_URL);
const db = up ? new pg.Pool({ connectionString: POSTGRES_URL, max: 1 }) : undefined;
const dirs: { cleanup: () => void }[] = [];
const tables: string[] = [];
afterEach(() => {
  killChildren();
  for (const d of dirs.splice(0)) d.cleanup();
});
afterAll(async () => {
  for (const t of tables) await db?.query(`DROP TABLE IF EXISTS public."${t}"`);
  await db?.end();
});

const EVENTS = 12_000;

/** The recovery tests' replay -> 250 ms keyed window, at 4x real time, into a PostgreSQL table. */
function pipeline(table: string, mode: 'insert' | 'upsert', earlyFireMs: number) {
  const doc = replayPipeline({ microBatch: { maxEvents: 100, maxDelayMs: 5 }, checkpointIntervalMs: 150 });
  return {
    ...doc,
    name: `Windows to PostgreSQL (${mode})`,
    nodes: doc.nodes.map((n) => {
      if (n.id === 'replay') return { ...n, params: { ...n.params, speed: 4 } };
      if (n.id === 'win') return { ...n, params: { ...n.params, earlyFireMs } };
      if (n.id !== 'out') return n;
      return {
        id: 'out',
        kind: 'sink.postgres',
        params: {
          url: POSTGRES_URL,
          table,
          createTable: true,
          mode,
          key: mode === 'upsert' ? ['key', 'window_start'] : [],
          columns: [
            { column: 'key', field: 'key', type: 'text' },
            { column: 'window_start', field: 'window_start', type: 'bigint' },
            { column: 'n', field: 'n', type: 'bigint' },
            { column: 'total', field: 'total', type: 'double precision' },
            { column: 'window_fire', field: 'window_fire', type: 'text' },
          ],
        },
      };
    }),
  };
}

const writeInput = (dir: string) => {
  writeReplayInput(dir, EVENTS);
  return expectedWindows(EVENTS);
};

async function tableRows(table: string) {
  const r = await db!.query(
    `SELECT key, window_start::float8 AS window_start, n::float8 AS n, total, window_fire FROM public."${table}"`,
  );
  return r.rows as { key: string; window_start: number; n: number; total: number; window_fire: string }[];
}

function expectRows(
  rows: Awaited<ReturnType<typeof tableRows>>,
  expected: Map<string, { n: number; total: number }>,
): void {
  const seen = new Map<string, number>();
  for (const r of rows)
    seen.set(`${r.key}@${r.window_start}`, (seen.get(`${r.key}@${r.window_start}`) ?? 0) + 1);
  const duplicates = [...seen].filter(([, c]) => c > 1).map(([k]) => k);
  const missing = [...expected.keys()].filter((k) => !seen.has(k));
  expect({ duplicates, missing, rows: rows.length }).toEqual({
    duplicates: [],
    missing: [],
    rows: expected.size,
  });
  for (const r of rows) {
    expect({ n: r.n, total: r.total }).toEqual(expected.get(`${r.key}@${r.window_start}`));
    expect(r.window_fire).toBe('final');
  }
}

describe.skipIf(!up)('sink.postgres through the server', () => {
  it('insert mode: SIGKILLs of the server mid-run leave no duplicate and no missing row', async () => {
    const table = `crash_${Date.now().toString(36)}`;
    tables.push(table);
    const data = tempDir('eventide-pg-crash-');
    dirs.push(data);
    const expected = writeInput(data.dir);
    let { child, url } = await serve(data.dir);
    const runId = await startStored(url, 'pg', pipeline(table, 'insert', 0));
    const counts: number[] = [];
    for (let kill = 0; kill < 3; kill++) {
      await new Promise((r) => setTimeout(r, 500 + kill * 150));
      await killed(child);
      counts.push((await tableRows(table)).length);
      ({ child, url } = await serve(data.dir));
    }
    await runFinished(() => url, runId);
    console.info(`postgres crash: rows at the kills ${counts.join(', ')} of ${expected.size}`);
    // The kills landed mid-run: some rows were committed before a kill, not all.
    expect(counts.some((c) => c > 0 && c < expected.size)).toBe(true);
    expectRows(await tableRows(table), expected);
    await killed(child);
  }, 60_000);

  it('upsert mode: early firings every 20 ms are replaced by the final result, one row per window', async () => {
    const table = `early_${Date.now().toString(36)}`;
    tables.push(table);
    const data = tempDir('eventide-pg-early-');
    dirs.push(data);
    const expected = writeInput(data.dir);
    const { child, url } = await serve(data.dir);
    const runId = await startStored(url, 'pg', pipeline(table, 'upsert', 20));
    await runFinished(() => url, runId);
    const { metrics } = (await (await fetch(`${url}/api/runs/${runId}`)).json()) as {
      metrics: { nodes: Record<string, { in: number }> };
    };
    // Early results did reach the sink: more results than windows.
    expect(metrics.nodes.out!.in).toBeGreaterThan(expected.size);
    expectRows(await tableRows(table), expected);
    await killed(child);
  }, 30_000);
});
