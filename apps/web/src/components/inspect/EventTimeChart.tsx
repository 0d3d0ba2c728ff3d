import type { EventTimeView, WindowBar } from '../../logic/event-time-view';
import { clockTime } from '../../logic/format';

const W = 900;
const H = 210;
const PAD = { left: 118, right: 14, top: 12, bottom: 26 };
/** Windows drawn at most: beyond that the bars are a blur, and the list below has them all. */
const MAX_BARS = 400;

const fireClass = (w: WindowBar) => (w.firedAtEnd ? 'et-window at-end' : `et-window ${w.fire}`);

/**
 * Event time (y) against arrival order (x) of a node's input: each event a dot (late ones a red
 * cross), the node's input watermark a step line, and window results as bars from start to end,
 * drawn where they fired. Clicking a bar selects the window.
 */
export function EventTimeChart({
  view,
  selected,
  onSelect,
}: {
  view: EventTimeView;
  selected: WindowBar | null;
  onSelect: (w: WindowBar) => void;
}) {
  const times: number[] = [];
  for (const p of view.points) if (Number.isFinite(p.time)) times.push(p.time);
  for (const w of view.windows) times.push(w.start, w.end);
  for (const [, wm] of view.watermark) times.push(wm);
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const span = hi > lo ? hi - lo : 1;
  const n = Math.max(view.received, view.points.length, 1);
  const x = (i: number) => PAD.left + (i / n) * (W - PAD.left - PAD.right);
  const y = (t: number) => H - PAD.bottom - ((t - lo) / span) * (H - PAD.top - PAD.bottom);

  let wmPath = '';
  view.watermark.forEach(([at, wm], i) => {
    const next = view.watermark[i + 1]?.[0] ?? n;
    wmPath += `${i === 0 ? 'M' : 'L'}${x(at).toFixed(1)},${y(wm).toFixed(1)}H${x(next).toFixed(1)}`;
  });

  // The same window of several keys, fired at the same moment, stands side by side.
  const sameMoment = new Map<string, number>();
  const bars = view.windows.slice(0, MAX_BARS).map((w) => {
    const id = `${w.at}/${w.start}/${w.end}`;
    const k = sameMoment.get(id) ?? 0;
    sameMoment.set(id, k + 1);
    return { w, dx: k * 5 };
  });

  return (
    <svg
      className="et-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Event time against arrival order"
      data-testid="event-time-chart"
    >
      <line className="et-axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} />
      <line className="et-axis" x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} />
      {[lo, lo + span / 2, hi].map((t) => (
        <g key={t}>
          <line className="et-grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
          <text className="et-label" x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
            {clockTime(Math.round(t))}
          </text>
        </g>
      ))}
      <text className="et-label" x={PAD.left} y={H - 8}>
        1
      </text>
      <text className="et-label" x={(PAD.left + W - PAD.right) / 2} y={H - 8} textAnchor="middle">
        arrival order →
      </text>
      <text className="et-label" x={W - PAD.right} y={H - 8} textAnchor="end">
        {n.toLocaleString('en-US')}
      </text>
      {bars.map(({ w, dx }) => (
        // biome-ignore lint/a11y/useSemanticElements: an SVG bar cannot be a <button>; it has the role and keys of one
        <rect
          key={`${w.at}-${dx}-${w.start}-${w.fire}`}
          className={`${fireClass(w)}${selected === w ? ' selected' : ''}`}
          x={x(w.at) - 2 + dx}
          y={y(w.end)}
          width={4}
          height={Math.max(2, y(w.start) - y(w.end))}
          role="button"
          tabIndex={0}
          aria-label={`window ${clockTime(w.start)} to ${clockTime(w.end)}, ${w.fire}`}
          onClick={() => onSelect(w)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') onSelect(w);
          }}
          data-testid="event-time-window"
          data-fire={w.firedAtEnd ? 'end-of-sample' : w.fire}
        >
          <title>
            {clockTime(w.start)} – {clockTime(w.end)} · {w.fire}
            {w.firedAtEnd ? ' (at the end of the sample)' : ''}
          </title>
        </rect>
      ))}
      {wmPath && <path className="et-watermark" d={wmPath} data-testid="event-time-watermark" />}
      {view.points.map((p) =>
        p.late ? (
          <g key={`late-${p.index}-${p.time}`} className="et-late" data-testid="event-time-late">
            <path d={`M${x(p.index) - 4},${y(p.time) - 4}l8,8m0,-8l-8,8`} />
            <title>late: {clockTime(p.time)}</title>
          </g>
        ) : (
          <circle key={`${p.index}-${p.time}`} className="et-point" cx={x(p.index)} cy={y(p.time)} r={2.2} />
        ),
      )}
    </svg>
  );
}
