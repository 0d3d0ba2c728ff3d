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

/** One INSERT (or upsert) of one row, `$1`... per column (the row-by-row fallback). */
export function insertRowSql(t: TableSpec): string {
  const values = t.columns.map((_, c) => `$${c + 1}`).join(', ');
  return `INSERT INTO ${qualified(t)} (${columnList(t)}) VALUES (${values})${onConflict(t)}`;
}

/**
 * Any number of rows in one statement: one array parameter per column, unnested by the server.
 * Parsing and planning stay constant whatever the row count (a VALUES list grows with it).
 */
export function insertArraysSql(t: TableSpec): string {
  const arrays = t.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  return `INSERT INTO ${qualified(t)} (${columnList(t)}) SELECT * FROM unnest(${arrays})${onConflict(t)}`;
}

/** Rows as one array per column, for insertArraysSql. */
export function columnArrays(t: TableSpec, rows: readonly unknown[][]): unknown[][] {
  return t.columns.map((_, c) => rows.map((r) => r[c]));
}

const columnList = (t: TableSpec) => t.columns.map((c) => ident(c.column)).join(', ');

function onConflict(t: TableSpec): string {
  if (t.mode !== 'upsert') return '';
  const rest = t.columns.filter((c) => !t.key.includes(c.column));
  const action =
    rest.length === 0
      ? 'NOTHING'
      : `UPDATE SET ${rest.map((c) => `${ident(c.column)} = EXCLUDED.${ident(c.column)}`).join(', ')}`;
  return ` ON CONFLICT (${t.key.map(ident).join(', ')}) DO ${action}`;
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
