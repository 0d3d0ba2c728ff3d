import { useMemo } from 'react';
import { latestByCategory } from '../../logic/latest-by-category';
import { seriesColor } from '../../logic/line-chart-data';

/** Latest value per category as horizontal bars; early (partial) values are hatched. */
export function BarChartPanel(props: {
  events: readonly unknown[];
  params: { category: string; value: string; maxBars: number };
}) {
  const bars = useMemo(() => latestByCategory(props.events, props.params), [props.events, props.params]);
  const max = bars.reduce((m, b) => Math.max(m, Math.abs(b.value)), 0) || 1;
  return (
    <div className="bar-chart" data-testid="bar-chart" data-bars={bars.length}>
      {bars.map((b, i) => (
        <div
          key={b.category}
          className={`bar-row${b.early ? ' early' : ''}`}
          title={b.early ? 'early (window still open)' : 'final'}
        >
          <span className="bar-label">{b.category}</span>
          <span className="bar-track">
            <span
              className="bar-fill"
              style={{ width: `${(Math.abs(b.value) / max) * 100}%`, backgroundColor: seriesColor(i) }}
            />
          </span>
          <span className="bar-value">{Number.isInteger(b.value) ? b.value : b.value.toFixed(2)}</span>
        </div>
      ))}
    </div>
  );
}
