import type { ConnectorStatus } from '@eventide/shared';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TableSpec } from '../src/connectors/postgres/pg-sql.js';
import { PostgresSink } from '../src/connectors/postgres/postgres-sink.js';
import { until } from './helpers.js';
import { freePort } from './private-mosquitto.js';
import { POSTGRES_URL, serviceAvailable } from './services.js';

const up = await serviceAvailable('postgres', POSTGRES_URL);
const db = up ? new pg.Pool({ connectionString: POSTGRES_URL, max: 2 }) : undefined;
const sinks: PostgresSink[] = [];
const tables: string[] = [];
afterEach(async () => {
  for (const s of sinks.splice(0)) await s.close();
});
afterAll(async () => {
  for (const t of tables) await db?.query(`DROP TABLE IF EXISTS public."${t}"`);
  await db?.end();
});

const tableName = (what: string) => {
  const t = `test_${what}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  tables.push(t);
  return t;
};

const windows = (table: string, mode: 'insert' | 'upsert'): TableSpec => ({
  schema: 'public',
  table,
  columns: [
    { column: 'key', field: 'key', type: 'text' },
    { column: 'window_start', field: 'window_start', type: 'bigint' },
    { column: 'n', field: 'n', type: 'bigint' },
    { column: 'window_fire', field: 'window_fire', type: 'text' },
  ],
  mode,
  key: mode === 'upsert' ? ['key', 'window_start'] : [],
});

function sink(
  table: TableSpec,
  opts: { url?: string; password?: string; createTable?: boolean; commitAfterCheckpoint?: boolean } = {},
) {
  let status: ConnectorStatus['state'] = 'connecting';
  let message = '';
  const errors: string[] = [];
  const s = new PostgresSink('db', {
    url: opts.url ?? POSTGRES_URL,
    password: opts.password ?? '',
    table,
    createTable: opts.createTable ?? true,
    commitAfterCheckpoint: opts.commitAfterCheckpoint ?? true,
    closeTimeoutMs: 1000,
    report: (st, m) => {
      status = st;
      message = m ?? '';
    },
    countError: (reason) => errors.push(reason),
  });
  sinks.push(s);
  return { s, status: () => status, message: () => message, errors };
}

async function rows(table: string): Promise<Record<string, unknown>[]> {
  const r = await db!.query(
    `SELECT key, window_start::int AS window_start, n::int AS n, window_fire FROM public."${table}" ORDER BY key, window_start, n`,
  );
  return r.rows;
}

describe.skipIf(!up)('sink.postgres against PostgreSQL', () => {
  it('upsert: early and final firings of the same windows, in one batch and across checkpoints, leave one final row per window', async () => {
    const t = tableName('upsert');
    const { s } = sink(windows(t, 'upsert'));
    s.write([
      { key: 'a', window_start: 0, n: 1, window_fire: 'early' },
      { key: 'b', window_start: 0, n: 1, window_fire: 'early' },
      { key: 'a', window_start: 0, n: 2, window_fire: 'early' }, // same batch, same key: the later wins
    ]);
    s.checkpointed(-1);
    s.onCheckpoint(1);
    s.checkpointed(1);
    await until(() => s.rowsCommitted >= 2, 'the first commit');
    expect(await rows(t)).toEqual([
      { key: 'a', window_start: 0, n: 2, window_fire: 'early' },
      { key: 'b', window_start: 0, n: 1, window_fire: 'early' },
    ]);
    s.write([
      { key: 'a', window_start: 0, n: 3, window_fire: 'final' },
      { key: 'b', window_start: 0, n: 4, window_fire: 'final' },
      { key: 'a', window_start: 10, n: 1, window_fire: 'early' },
      { key: 'a', window_start: 10, n: 5, window_fire: 'final' },
    ]);
    s.onCheckpoint(2);
    s.checkpointed(2);
    await until(() => s.rowsCommitted >= 5, 'the second commit');
    expect(await rows(t)).toEqual([
      { key: 'a', window_start: 0, n: 3, window_fire: 'final' },
      { key: 'a', window_start: 10, n: 5, window_fire: 'final' },
      { key: 'b', window_start: 0, n: 4, window_fire: 'final' },
    ]);
  });

  it('rows wait for their checkpoint to be durable; a restore commits unconfirmed batches once, never twice (insert mode)', async () => {
    const t = tableName('exactly_once');
    const spec = windows(t, 'insert');
    // Run 1 reaches the barrier of checkpoint 1, which is written, but dies before committing.
    const run1 = sink(spec);
    await until(() => run1.status() === 'connected', 'run 1 connected');
    run1.s.write([{ key: 'a', window_start: 0, n: 1 }]);
    const state1 = run1.s.onCheckpoint(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(await rows(t)).toEqual([]); // not durable yet: nothing committed
    sinks.splice(sinks.indexOf(run1.s), 1); // "killed": never closed, never committed

    // Run 2 restores checkpoint 1: the batch is committed now; then it commits checkpoint 2 and dies
    // before checkpoint 3 is written.
    const run2 = sink(spec);
    run2.s.restore(JSON.parse(JSON.stringify(state1)));
    await until(async () => (await rows(t)).length === 1, 'the restored batch');
    run2.s.write([{ key: 'b', window_start: 0, n: 2 }]);
    const state2 = run2.s.onCheckpoint(2);
    run2.s.checkpointed(2);
    await until(async () => (await rows(t)).length === 2, 'checkpoint 2 committed');
    sinks.splice(sinks.indexOf(run2.s), 1);

    // Run 3 restores checkpoint 2, whose state still lists the batch it did commit: skipped by its marker.
    const run3 = sink(spec);
    run3.s.restore(JSON.parse(JSON.stringify(state2)));
    run3.s.write([{ key: 'c', window_start: 0, n: 3 }]);
    run3.s.onCheckpoint(3);
    run3.s.checkpointed(3);
    await until(async () => (await rows(t)).length >= 3, 'checkpoint 3 committed');
    await new Promise((r) => setTimeout(r, 200));
    expect((await rows(t)).map((r) => r.key)).toEqual(['a', 'b', 'c']);
  });

  it('a resume that falls back past a committed checkpoint (the newer one damaged): insert mode refuses in words, upsert replaces', async () => {
    for (const mode of ['insert', 'upsert'] as const) {
      const t = tableName(`fallback_${mode}`);
      const spec = windows(t, mode);
      // Run 1 commits checkpoints 1 and 2; then checkpoint 2's file is damaged, so the resume takes 1.
      const run1 = sink(spec);
      await until(() => run1.status() === 'connected', `${mode}: run 1 connected (table created)`);
      run1.s.write([{ key: 'a', window_start: 0, n: 1 }]);
      const state1 = JSON.parse(JSON.stringify(run1.s.onCheckpoint(1)));
      run1.s.checkpointed(1);
      run1.s.write([{ key: 'b', window_start: 0, n: 2 }]);
      run1.s.onCheckpoint(2);
      run1.s.checkpointed(2);
      await until(async () => (await rows(t)).length === 2, `${mode}: checkpoints 1 and 2 committed`);
      sinks.splice(sinks.indexOf(run1.s), 1); // killed

      const run2 = sink(spec);
      run2.s.restore(state1);
      if (mode === 'insert') {
        const refusal =
          'the run resumed from checkpoint 1, but the rows of checkpoint 2 are already in ' +
          `"public"."${t}" (that checkpoint was damaged); insert mode would write them again: ` +
          'use mode upsert with key columns, or start the pipeline afresh';
        await until(() => run2.status() === 'failed', 'insert mode refusing the resume');
        expect(run2.message()).toBe(refusal);
        // The replay reaches the sink: the run fails naming it instead of writing b a second time.
        expect(() => run2.s.write([{ key: 'b', window_start: 0, n: 2 }])).toThrow(refusal);
        expect(() => run2.s.onCheckpoint(2)).toThrow(refusal);
      } else {
        run2.s.write([{ key: 'b', window_start: 0, n: 2 }]);
        run2.s.onCheckpoint(2);
        run2.s.checkpointed(2);
        await until(() => run2.s.rowsCommitted >= 1, 'upsert: the replayed checkpoint committed');
      }
      expect((await rows(t)).map((r) => r.key)).toEqual(['a', 'b']);
    }
  });

  it('a connection lost mid-run (its session terminated) loses no row: the next commit reconnects', async () => {
    const t = tableName('lost');
    const { s } = sink(windows(t, 'insert'));
    s.write([{ key: 'a', window_start: 0, n: 1 }]);
    s.onCheckpoint(1);
    s.checkpointed(1);
    await until(() => s.rowsCommitted === 1, 'the first commit');
    const killed = await db!.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'eventide db' AND datname = current_database()",
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    s.write([{ key: 'b', window_start: 0, n: 2 }]);
    s.onCheckpoint(2);
    s.checkpointed(2);
    await until(() => s.rowsCommitted === 2, 'the commit after the lost connection', 10_000);
    expect((await rows(t)).map((r) => r.key)).toEqual(['a', 'b']);
  });

  it('a refused row is counted with the reason; the other rows of its batch are written', async () => {
    const t = tableName('bad_row');
    const { s, errors } = sink(windows(t, 'insert'));
    s.write([
      { key: 'a', window_start: 0, n: 1 },
      { key: 'b', window_start: 0, n: 'not a number' },
      { key: 'c', window_start: 0, n: 3 },
    ]);
    s.onCheckpoint(1);
    s.checkpointed(1);
    await until(() => errors.length > 0, 'the refused row');
    await until(async () => (await rows(t)).length === 2, 'the good rows');
    expect((await rows(t)).map((r) => r.key)).toEqual(['a', 'c']);
    expect(errors[0]).toMatch(
      /^row refused by "public"\."test_bad_row_\w+": invalid input syntax for type bigint/,
    );
  });

  it('failures in words: nobody listening, a refused password, a missing table', async () => {
    const port = await freePort();
    const down = sink(windows(tableName('down'), 'insert'), {
      url: `postgres://eventide@127.0.0.1:${port}/eventide`,
    });
    await until(() => down.status() === 'reconnecting', 'reconnecting');
    expect(down.message()).toMatch(
      new RegExp(
        `^no PostgreSQL server answers at postgres://eventide@127.0.0.1:${port}/eventide \\(connection refused\\); retrying in`,
      ),
    );

    const secretUrl = POSTGRES_URL.replace(/\/\/[^@/]*@/, '//eventide_secret@');
    const wrong = sink(windows(tableName('auth'), 'insert'), { url: secretUrl, password: 'wrong' });
    await until(() => wrong.status() === 'failed', 'the refused password');
    expect(wrong.message()).toMatch(
      /refused the password: password authentication failed for user "eventide_secret"/,
    );
    const right = sink(windows(tableName('auth_ok'), 'insert'), {
      url: secretUrl,
      password: 'eventide-secret',
    });
    await until(() => right.status() === 'connected', 'connected with the password');

    const missing = sink(windows(tableName('missing'), 'insert'), { createTable: false });
    missing.s.write([{ key: 'a', window_start: 0, n: 1 }]);
    missing.s.onCheckpoint(1);
    missing.s.checkpointed(1);
    await until(() => missing.status() === 'failed', 'the missing table');
    expect(missing.message()).toMatch(
      /relation "public\.test_missing_\w+" does not exist \(set createTable: true to create it\)/,
    );
  }, 20_000);
});
