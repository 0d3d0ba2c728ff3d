import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import {
  buildLineData,
  type LineChartData,
  type LineChartParams,
  seriesColor,
} from '../../logic/line-chart-data';

const AXIS = {
  stroke: '#8b95a7',
  grid: { stroke: 'rgba(148,163,184,0.10)' },
  ticks: { stroke: 'rgba(148,163,184,0.2)' },
};

/** Event-time axis labels as UTC clock times, like the watermarks on the canvas. */
const clock = (sec: number) => new Date(sec * 1000).toISOString().slice(11, 19);

/** Whole-second tick steps: window ends never fall between seconds. */
const TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

function options(data: LineChartData, width: number, height: number): uPlot.Options {
  return {
    width,
    height,
    scales: { x: { time: true } },
    legend: { show: true, live: false },
    cursor: { drag: { x: true, y: false } },
    axes: [
      { ...AXIS, space: 90, incrs: TIME_INCRS, values: (_u, splits) => splits.map(clock) },
      { ...AXIS, size: 52 },
    ],
    series: [
      {},
      ...data.series.map((s) => ({
        label: s.label,
        stroke: seriesColor(s.color),
        width: s.early ? 1.25 : 1,
        spanGaps: true,
        // Early (partial) window results: dashed and hollow, so nobody mistakes them for final values.
        ...(s.early
          ? { dash: [5, 4], points: { show: true, size: 6, fill: '#0f1420', stroke: seriesColor(s.color) } }
          : { points: { show: (_u: uPlot, _i: number, n0: number, n1: number) => n1 - n0 < 60 } as any }),
      })),
    ],
  };
}

const FRAME_MS = 16;
const MAX_REDRAW_INTERVAL_MS = 1000;

/** Fills the box: the plot gets what the legend (one or more wrapped rows) leaves. */
function fitTo(u: uPlot, el: HTMLElement) {
  const legend = u.root.querySelector<HTMLElement>('.u-legend');
  const height = Math.max(80, el.clientHeight - (legend?.offsetHeight ?? 0) - 4);
  u.setSize({ width: el.clientWidth, height });
}

/** A uPlot line chart; the store hands it at most one update per animation frame. */
export function LineChartPanel({ events, params }: { events: readonly unknown[]; params: LineChartParams }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const signature = useRef('');
  // Rebuilt on each render: the store re-renders this at most once per animation frame.
  const data = buildLineData(events, params);

  // Redraw pacing: a dense chart can cost more than a frame to rasterize (software canvas, huge
  // series); then it redraws every few frames instead, so the page stays responsive.
  const pacing = useRef({ lastDraw: 0, interval: 0, timer: 0 as ReturnType<typeof setTimeout> | 0 });
  const latest = useRef(data);

  useEffect(() => {
    latest.current = data;
    const el = box.current;
    if (!el) return;
    const draw = () => {
      const d = latest.current;
      const p = pacing.current;
      p.timer = 0;
      const aligned = [d.xs, ...d.series.map((s) => s.values)] as uPlot.AlignedData;
      const sig = d.series.map((s) => s.label).join('|');
      const started = performance.now();
      p.lastDraw = started;
      el.dataset.redraws = String(Number(el.dataset.redraws ?? 0) + 1);
      if (plot.current && signature.current === sig) plot.current.setData(aligned);
      else {
        plot.current?.destroy();
        const u = new uPlot(options(d, el.clientWidth, Math.max(80, el.clientHeight - 30)), aligned, el);
        plot.current = u;
        signature.current = sig;
        // Early series share their line's colour: one legend entry per line; the key explains the dashes.
        const rows = u.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
        d.series.forEach((s, i) => {
          const row = rows[i];
          if (s.early && row) row.style.display = 'none';
        });
        fitTo(u, el);
      }
      // Two frames later the canvas has been committed: what it cost sets the next interval.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          const cost = performance.now() - started - FRAME_MS;
          p.interval = Math.min(MAX_REDRAW_INTERVAL_MS, Math.max(0, cost * 2));
        }),
      );
    };
    const p = pacing.current;
    const wait = p.lastDraw + p.interval - performance.now();
    if (wait <= 0 && !p.timer) draw();
    else if (!p.timer) p.timer = setTimeout(draw, Math.max(0, wait));
  }, [data]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => plot.current && fitTo(plot.current, el));
    ro.observe(el);
    const p = pacing.current;
    return () => {
      if (p.timer) clearTimeout(p.timer);
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  return (
    <div className="line-chart-wrap">
      {data.earlyPoints > 0 && (
        <div className="chart-key" data-testid="early-key">
          <span className="early-swatch" /> dashed, hollow: early results of windows still open
        </div>
      )}
      <div
        className="line-chart"
        ref={box}
        data-testid="line-chart"
        data-points={data.finalPoints}
        data-early-points={data.earlyPoints}
        data-series={data.series.filter((s) => !s.early).length}
      />
    </div>
  );
}
