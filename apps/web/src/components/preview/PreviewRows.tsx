import { useMemo, useState } from 'react';
import { cellText } from '../../logic/format';
import { columnsOf, type SortOrder, sortRows } from '../../logic/row-table';

type Row = Record<string, unknown>;

/**
 * Table rows drawn at first: what a screen shows, and a fifth of the DOM of a full port, which
 * every edit would otherwise rebuild (sorting still covers every row kept).
 */
export const ROWS_DRAWN = 100;

/** Rows of one output port: a table sortable by any column, or the events as JSON. */
export function PreviewRows({ rows, view }: { rows: Row[]; view: 'table' | 'json' }) {
  const [order, setOrder] = useState<SortOrder | null>(null);
  const [all, setAll] = useState(false);
  const columns = useMemo(() => columnsOf(rows), [rows]);
  const sorted = useMemo(() => sortRows(rows, order), [rows, order]);
  if (rows.length === 0) return <p className="empty-hint small">Nothing on this port for the sample.</p>;
  if (view === 'json')
    return (
      <pre className="preview-json" data-testid="preview-json">
        {sorted.map((r) => JSON.stringify(r)).join('\n')}
      </pre>
    );
  const sortBy = (column: string) =>
    setOrder((o) =>
      o?.column !== column
        ? { column, descending: false }
        : o.descending
          ? null
          : { column, descending: true },
    );
  const drawn = all ? sorted : sorted.slice(0, ROWS_DRAWN);
  return (
    <>
      <table className="preview-table" data-testid="preview-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c}
                aria-sort={order?.column === c ? (order.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  className="preview-sort"
                  onClick={() => sortBy(c)}
                  data-testid={`preview-sort-${c}`}
                >
                  {c}
                  {order?.column === c ? (order.descending ? ' ▾' : ' ▴') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {drawn.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows of a finished preview; position is identity
            <tr key={i} data-testid="preview-row">
              {columns.map((c) => (
                <td
                  key={c}
                  data-col={c}
                  className={r.window_fire === 'early' ? 'preview-cell preview-row-early' : 'preview-cell'}
                >
                  {cellText(r[c], c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {drawn.length < sorted.length && (
        <button
          type="button"
          className="btn ghost small"
          data-testid="preview-rows-all"
          onClick={() => setAll(true)}
        >
          Show all {sorted.length.toLocaleString('en-US')} rows
        </button>
      )}
    </>
  );
}
