/** The latest value of one field, big; an early (partial) value says so. */
export function StatPanel(props: {
  events: readonly unknown[];
  field: string;
  unit: string;
  decimals: number;
}) {
  let latest: Record<string, unknown> | undefined;
  for (let i = props.events.length - 1; i >= 0; i--) {
    const e = props.events[i] as Record<string, unknown> | null;
    if (e && typeof e[props.field] === 'number') {
      latest = e;
      break;
    }
  }
  const value = latest?.[props.field] as number | undefined;
  const early = latest?.window_fire === 'early';
  return (
    <div className={`stat-panel${early ? ' early' : ''}`} data-testid="stat-panel">
      <div className="stat-value" data-testid="stat-value">
        {value === undefined ? '—' : value.toFixed(props.decimals)}
        {props.unit && <span className="stat-unit">{props.unit}</span>}
      </div>
      <div className="stat-caption">
        {props.field}
        {early ? ' · early (window still open)' : ''}
      </div>
    </div>
  );
}
