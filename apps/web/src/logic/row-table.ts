/** Columns of a table of rows: every field of the first rows, in first-seen order. */
export function columnsOf(rows: readonly Record<string, unknown>[], scan = 100): string[] {
  const seen = new Set<string>();
  for (const row of rows.slice(0, scan)) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

export interface SortOrder {
  column: string;
  descending: boolean;
}

/** Rows sorted by one column (numbers as numbers, then text); rows keep their order on ties. */
export function sortRows<T extends Record<string, unknown>>(
  rows: readonly T[],
  order: SortOrder | null,
): T[] {
  if (!order) return [...rows];
  const sign = order.descending ? -1 : 1;
  const missing = (v: unknown) => v === undefined || v === null;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const va = a.row[order.column];
      const vb = b.row[order.column];
      // Rows without the column stay at the bottom whichever way the column sorts.
      if (missing(va) || missing(vb)) return Number(missing(va)) - Number(missing(vb)) || a.i - b.i;
      return sign * compareForSort(va, vb) || a.i - b.i;
    })
    .map((x) => x.row);
}

/** Orders present cell values for a sortable table: numbers by value, everything else as text. */
export function compareForSort(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const ta = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const tb = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}
