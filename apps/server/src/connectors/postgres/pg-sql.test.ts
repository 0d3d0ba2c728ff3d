import { describe, expect, it } from 'vitest';
import {
  createTableSql,
  insertArraysSql,
  insertRowSql,
  lastPerKey,
  rowOf,
  type TableSpec,
} from './pg-sql.js';

const spec = (mode: 'insert' | 'upsert'): TableSpec => ({
  schema: 'public',
  table: 'Windows',
  columns: [
    { column: 'key', field: 'sensor', type: 'text' },
    { column: 'start', field: 'window_start', type: 'timestamptz' },
    { column: 'avg', field: 'avg_temp', type: 'double precision' },
    { column: 'tags', field: 'tags', type: 'jsonb' },
  ],
  mode,
  key: mode === 'upsert' ? ['key', 'start'] : [],
});

describe('pg-sql', () => {
  it('creates the table with the key as primary key, names quoted', () => {
    expect(createTableSql(spec('upsert'))).toBe(
      'CREATE TABLE IF NOT EXISTS "public"."Windows" ("key" text, "start" timestamptz, "avg" double precision, "tags" jsonb, PRIMARY KEY ("key", "start"))',
    );
  });

  it('upserts from one array per column, updating the non-key columns', () => {
    expect(insertArraysSql(spec('upsert'))).toBe(
      'INSERT INTO "public"."Windows" ("key", "start", "avg", "tags") SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::double precision[], $4::jsonb[]) ON CONFLICT ("key", "start") DO UPDATE SET "avg" = EXCLUDED."avg", "tags" = EXCLUDED."tags"',
    );
    expect(insertRowSql(spec('insert'))).toBe(
      'INSERT INTO "public"."Windows" ("key", "start", "avg", "tags") VALUES ($1, $2, $3, $4)',
    );
  });

  it('maps fields to column values: epoch ms to timestamps, JSON for jsonb, NULL for missing', () => {
    expect(rowOf(spec('insert'), { sensor: 's1', window_start: 0, tags: ['a'] })).toEqual([
      's1',
      '1970-01-01T00:00:00.000Z',
      null,
      '["a"]',
    ]);
  });

  it('keeps the last row of each key in a batch for upsert, every row for insert', () => {
    const rows = [
      ['a', 1, 1],
      ['b', 1, 2],
      ['a', 1, 3],
    ];
    expect(lastPerKey(spec('upsert'), rows)).toEqual([
      ['b', 1, 2],
      ['a', 1, 3],
    ]);
    expect(lastPerKey(spec('insert'), rows)).toBe(rows);
  });
});
