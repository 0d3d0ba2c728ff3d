/** Turns line-chart sink results into aligned columns for uPlot, keeping early firings apart. */

export interface LineChartParams {
  x: string;
  y: string[];
  series?: string | undefined;
  maxPoints: number;
}

export interface LineSeries {
  label: string;
  /** Index of the line's colour: a line and its early-firing ghost share it. */
  color: number;
  early: boolean;
  values: (number | null)[];
}

export interface LineChartData {
  /** x values in seconds (uPlot's time unit), ascending. */
  xs: number[];
  series: LineSeries[];
  finalPoints: number;
  earlyPoints: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function buildLineData(events: readonly unknown[], p: LineChartParams): LineChartData {
  // label -> x -> value, for final and early (window_fire "early") results separately.
  const finals = new Map<string, Map<number, number>>();
  const earlies = new Map<string, Map<number, number>>();
  const labels: string[] = [];
  for (const raw of events) {
    if (raw === null || typeof raw !== 'object') continue;
    const e = raw as Record<string, unknown>;
    const x = num(e[p.x]);
    if (x === null) continue;
    const group = p.series ? String(e[p.series] ?? '—') : '';
    const early = e.window_fire === 'early';
    for (const field of p.y) {
      const y = num(e[field]);
      if (y === null) continue;
      const label = [group, p.y.length > 1 || !group ? field : ''].filter(Boolean).join(' · ');
      if (!finals.has(label)) {
        finals.set(label, new Map());
        earlies.set(label, new Map());
        labels.push(label);
      }
      (early ? earlies : finals).get(label)!.set(x, y);
    }
  }
  const allX = new Set<number>();
  for (const label of labels) {
    for (const x of finals.get(label)!.keys()) allX.add(x);
    // An early value is superseded once the window's final result is in.
    for (const x of earlies.get(label)!.keys()) if (!finals.get(label)!.has(x)) allX.add(x);
  }
  const xsMs = [...allX].sort((a, b) => a - b).slice(-p.maxPoints);
  labels.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const series: LineSeries[] = [];
  let finalPoints = 0;
  let earlyPoints = 0;
  labels.forEach((label, color) => {
    const f = finals.get(label)!;
    const e = earlies.get(label)!;
    const finalValues = xsMs.map((x) => f.get(x) ?? null);
    const earlyValues = xsMs.map((x) => (f.has(x) ? null : (e.get(x) ?? null)));
    finalPoints += finalValues.filter((v) => v !== null).length;
    earlyPoints += earlyValues.filter((v) => v !== null).length;
    // Start the dashed early line at the last final point, so it reads as the line's tentative continuation.
    const firstEarly = earlyValues.findIndex((v) => v !== null);
    for (let i = firstEarly - 1; i >= 0; i--) {
      const anchor = finalValues[i];
      if (anchor === null || anchor === undefined) continue;
      earlyValues[i] = anchor;
      break;
    }
    series.push({ label, color, early: false, values: finalValues });
    if (e.size > 0) series.push({ label: `${label} (early)`, color, early: true, values: earlyValues });
  });
  return { xs: xsMs.map((x) => x / 1000), series, finalPoints, earlyPoints };
}

/** Categorical colours that read on a dark background. */
export const SERIES_COLORS = [
  '#4cc9f0',
  '#f72585',
  '#b8f35d',
  '#ffb703',
  '#9d7bff',
  '#2ec4b6',
  '#ff7b54',
  '#e0e0e0',
  '#06d6a0',
  '#ef476f',
];

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length]!;
}
