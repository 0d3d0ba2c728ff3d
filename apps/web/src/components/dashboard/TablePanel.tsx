import { cellText } from '../../logic/format';

/** The latest results, newest first; early window results are marked. */
export function TablePanel(props: { events: readonly unknown[]; columns: string[]; maxRows: number }) {
  const rows = props.events.slice(-props.maxRows).reverse() as Record<string, unknown>[];
  const columns =
    props.columns.length > 0
      ? props.columns
      : [...new Set(rows.slice(0, 50).flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])))];
  return (
    <div className="table-panel" data-testid="table-panel" data-rows={rows.length}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows roll; position is identity
            <tr key={i} data-testid="table-row" className={r?.window_fire === 'early' ? 'early' : ''}>
              {columns.map((c) => (
                <td key={c} data-col={c}>
                  {cellText(r?.[c], c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
