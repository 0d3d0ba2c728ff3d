/** Bar chart data: one bar per category, biggest first, capped at maxBars. */
export interface Bar {
  category: string;
  value: number;
  early: boolean;
}

export interface BarChartData {
  bars: Bar[];
  /** The window the bars show (window results only), and how complete it is. */
  window?: { start: number; end: number; fire: 'final' | 'early' };
}

/**
 * Window results: the bars of the latest window that has closed (its final and update results), so
 * bars do not drop each time a new window opens with small running values. With `showEarly`, or
 * while no window has closed yet, the latest window with any result instead, its early values
 * hatched. Other streams: the latest value per category.
 */
export function latestByCategory(
  events: readonly unknown[],
  p: { category: string; value: string; maxBars: number; showEarly?: boolean },
): BarChartData {
  const rows: Record<string, unknown>[] = [];
  for (const raw of events) {
    if (raw === null || typeof raw !== 'object') continue;
    const e = raw as Record<string, unknown>;
    const v = e[p.value];
    if (typeof v === 'number' && Number.isFinite(v)) rows.push(e);
  }
  const windowed = rows.filter((e) => typeof e.window_end === 'number');
  let shown = rows;
  let window: BarChartData['window'];
  if (windowed.length > 0) {
    const closed = windowed.filter((e) => e.window_fire !== 'early');
    const pool = p.showEarly || closed.length === 0 ? windowed : closed;
    const last = pool.reduce((a, b) => (Number(b.window_end) >= Number(a.window_end) ? b : a));
    shown = pool.filter((e) => e.window_end === last.window_end);
    window = {
      start: Number(last.window_start ?? last.window_end),
      end: Number(last.window_end),
      fire: shown.every((e) => e.window_fire === 'early') ? 'early' : 'final',
    };
  }
  const latest = new Map<string, Bar>();
  for (const e of shown) {
    const category = String(e[p.category] ?? '—');
    latest.set(category, { category, value: e[p.value] as number, early: e.window_fire === 'early' });
  }
  const bars = [...latest.values()].sort((a, b) => b.value - a.value).slice(0, p.maxBars);
  return window ? { bars, window } : { bars };
}

/** Round tick values from 0 to at least `max` for a value axis: 0, 50, 100, 150 … */
export function axisTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks = [0];
  while (ticks[ticks.length - 1]! < max) ticks.push(+(ticks.length * step).toPrecision(12));
  return ticks;
}
