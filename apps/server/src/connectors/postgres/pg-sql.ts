import type { POSTGRES_COLUMN_TYPES } from '@eventide/shared';

export type ColumnType = (typeof POSTGRES_COLUMN_TYPES)[number];

export interface ColumnMapping {
  column: string;
  field: string;
  type: ColumnType;
}

export interface TableSpec {
  schema: string;
  table: string;
  columns: ColumnMapping[];
  mode: 'insert' | 'upsert';
  key: string[];
}

/** Identifiers are validated by the catalog ([A-Za-z_][A-Za-z0-9_]*); quoting keeps their case. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const qualified = (t: { schema: string; table: string }): string =>
  `${ident(t.schema)}.${ident(t.table)}`;

export function createTableSql(t: TableSpec): string {
  const cols = t.columns.map((c) => `${ident(c.column)} ${c.type}`);
  if (t.key.length > 0) cols.push(`PRIMARY KEY (${t.key.map(ident).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${qualified(t)} (${cols.join(', ')})`;
}

/** One INSERT (or upsert) of `rows` rows with numbered parameters. */
export function insertSql(t: TableSpec, rows: number): string {
  const n = t.columns.length;
  const values: string[] = [];
  for (let r = 0; r < rows; r++) values.push(`(${t.columns.map((_, c) => `$${r * n + c + 1}`).join(', ')})`);
  let sql = `INSERT INTO ${qualified(t)} (${t.columns.map((c) => ident(c.column)).join(', ')}) VALUES ${values.join(', ')}`;
  if (t.mode === 'upsert') {
    const rest = t.columns.filter((c) => !t.key.includes(c.column));
    sql += ` ON CONFLICT (${t.key.map(ident).join(', ')}) DO ${
      rest.length === 0
        ? 'NOTHING'
        : `UPDATE SET ${rest.map((c) => `${ident(c.column)} = EXCLUDED.${ident(c.column)}`).join(', ')}`
    }`;
  }
  return sql;
}

/** A row's values from an event, converted for the column types (missing fields are NULL). */
export function rowOf(t: TableSpec, event: unknown): unknown[] {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  return t.columns.map((c) => toParam(e[c.field], c.type));
}

function toParam(v: unknown, type: ColumnType): unknown {
  if (v === undefined || v === null) return null;
  switch (type) {
    case 'jsonb':
      return JSON.stringify(v);
    case 'timestamptz':
      return typeof v === 'number' ? new Date(v).toISOString() : v;
    case 'text':
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    default:
      return typeof v === 'object' ? JSON.stringify(v) : v;
  }
}

/** Upsert: the last row of each key in a batch (one statement may not touch a row twice). */
export function lastPerKey(t: TableSpec, rows: unknown[][]): unknown[][] {
  if (t.mode !== 'upsert') return rows;
  const idx = t.key.map((k) => t.columns.findIndex((c) => c.column === k));
  const byKey = new Map<string, unknown[]>();
  for (const row of rows) {
    const key = JSON.stringify(idx.map((i) => row[i]));
    byKey.delete(key);
    byKey.set(key, row);
  }
  return [...byKey.values()];
}

export const COMMITS_TABLE = 'eventide_sink_commits';

export const createCommitsTableSql = `CREATE TABLE IF NOT EXISTS public.${COMMITS_TABLE} (
  sink text NOT NULL, token text NOT NULL, committed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sink, token))`;
