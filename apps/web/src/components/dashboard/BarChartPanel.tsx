import { useMemo } from 'react';
import { cellText } from '../../logic/format';
import { axisTicks, latestByCategory } from '../../logic/latest-by-category';
import { seriesColor } from '../../logic/line-chart-data';

const valueText = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/**
 * One bar per category on a value axis. Window results show the latest closed window (say which),
 * or with showEarly the window still open, its running values hatched.
 */
export function BarChartPanel(props: {
  events: readonly unknown[];
  params: { category: string; value: string; maxBars: number; showEarly: boolean };
}) {
  const { bars, window } = useMemo(
    () => latestByCategory(props.events, props.params),
    [props.events, props.params],
  );
  const ticks = axisTicks(bars.reduce((m, b) => Math.max(m, Math.abs(b.value)), 0));
  const top = ticks[ticks.length - 1] || 1;
  return (
    <div className="bar-chart" data-testid="bar-chart" data-bars={bars.length}>
      {window && (
        <div className="bar-window" data-testid="bar-window">
          {window.fire === 'final' ? 'Closed window' : 'Open window (early values)'}{' '}
          {cellText(window.start, 'window_start')} – {cellText(window.end, 'window_end')}
        </div>
      )}
      <div className="bar-rows">
        {bars.map((b, i) => (
          <div
            key={b.category}
            className={`bar-row${b.early ? ' early' : ''}`}
            title={b.early ? 'early: running value of a window still open' : 'final: the window has closed'}
          >
            <span className="bar-label">{b.category}</span>
            <span className="bar-track">
              <span
                className="bar-fill"
                style={{ width: `${(Math.abs(b.value) / top) * 100}%`, backgroundColor: seriesColor(i) }}
              />
            </span>
            <span className="bar-value">{valueText(b.value)}</span>
          </div>
        ))}
      </div>
      <div className="bar-row bar-axis" aria-hidden="true">
        <span className="bar-axis-name">{props.params.value}</span>
        <span className="bar-axis-ticks">
          {ticks.map((t) => (
            <span key={t} style={{ left: `${(t / top) * 100}%` }}>
              {valueText(t)}
            </span>
          ))}
        </span>
        <span />
      </div>
    </div>
  );
}
