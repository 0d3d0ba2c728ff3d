import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempDir, until } from './helpers.js';
import { killChildren, killed, serve } from './serve-process.js';
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

/** file-replay (1 ms apart, 4x real time) -> 250 ms keyed tumbling window -> sink.postgres. */
function pipeline(table: string, mode: 'insert' | 'upsert', earlyFireMs: number) {
  return {
    version: 1,
    name: `Windows to PostgreSQL (${mode})`,
    settings: { microBatch: { maxEvents: 100, maxDelayMs: 5 }, checkpointIntervalMs: 150 },
    nodes: [
      {
        id: 'replay',
        kind: 'source.file-replay',
        params: { path: 'input/events.jsonl', speed: 4, timeField: 'ts' },
      },
      { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 50 } },
      {
        id: 'win',
        kind: 'window.tumbling',
        params: {
          sizeMs: 250,
          keyBy: ['key'],
          earlyFireMs,
          aggregations: [
            { name: 'n', fn: 'count' },
            { name: 'total', fn: 'sum', field: 'v' },
          ],
        },
      },
      {
        id: 'db',
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
      },
    ],
    edges: [
      { id: 'e1', source: 'replay', target: 'time' },
      { id: 'e2', source: 'time', target: 'win' },
      { id: 'e3', source: 'win', target: 'db' },
    ],
  };
}

/** Writes the input; returns the expected rows "key@window_start" -> count and sum, computed directly. */
function writeInput(dir: string): Map<string, { n: number; total: number }> {
  const events = Array.from({ length: EVENTS }, (_, i) => ({
    key: `k${i % 5}`,
    v: i % 7,
    ts: 1_000_000 + i,
  }));
  for (let i = 0; i + 3 < events.length; i += 7) [events[i], events[i + 3]] = [events[i + 3]!, events[i]!];
  mkdirSync(path.join(dir, 'input'), { recursive: true });
  writeFileSync(path.join(dir, 'input/events.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const expected = new Map<string, { n: number; total: number }>();
  for (const e of events) {
    const k = `${e.key}@${Math.floor(e.ts / 250) * 250}`;
    const agg = expected.get(k) ?? { n: 0, total: 0 };
    agg.n++;
    agg.total += e.v;
    expected.set(k, agg);
  }
  return expected;
}

async function startRun(url: string, doc: unknown): Promise<string> {
  const put = await fetch(`${url}/api/pipelines/pg`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(doc),
  });
  expect(put.status).toBe(200);
  const started = await fetch(`${url}/api/pipelines/pg/start`, { method: 'POST' });
  expect(started.status).toBe(201);
  return ((await started.json()) as { run: { id: string } }).run.id;
}

async function finished(url: () => string, runId: string): Promise<void> {
  await until(
    async () => {
      const res = await fetch(`${url()}/api/runs/${runId}`);
      return (
        res.status === 200 && ((await res.json()) as { run: { state: string } }).run.state === 'finished'
      );
    },
    'the run to finish',
    30_000,
  );
}

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
    const runId = await startRun(url, pipeline(table, 'insert', 0));
    const counts: number[] = [];
    for (let kill = 0; kill < 3; kill++) {
      await new Promise((r) => setTimeout(r, 500 + kill * 150));
      await killed(child);
      counts.push((await tableRows(table)).length);
      ({ child, url } = await serve(data.dir));
    }
    await finished(() => url, runId);
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
    const runId = await startRun(url, pipeline(table, 'upsert', 20));
    await finished(() => url, runId);
    const { metrics } = (await (await fetch(`${url}/api/runs/${runId}`)).json()) as {
      metrics: { nodes: Record<string, { in: number }> };
    };
    // Early results did reach the sink: more results than windows.
    expect(metrics.nodes.db!.in).toBeGreaterThan(expected.size);
    expectRows(await tableRows(table), expected);
    await killed(child);
  }, 30_000);
});
