import type { PortPreview, WatermarkTrace } from '@eventide/engine';

type Row = Record<string, unknown>;

/** One input event: its arrival number (1-based), event time, and whether the node sent it to `late`. */
export interface EventPoint {
  index: number;
  time: number;
  late: boolean;
  row: Row;
}

/** One window result: its time range, how it fired, and the arrival number when it fired. */
export interface WindowBar {
  start: number;
  end: number;
  fire: 'early' | 'final' | 'update';
  at: number;
  row: Row;
  /** Fired by the end of the sample, not by a watermark that passed its end. */
  firedAtEnd: boolean;
}

export interface EventTimeView {
  points: EventPoint[];
  /** [arrival number, input watermark from then on]. */
  watermark: WatermarkTrace;
  windows: WindowBar[];
  /** Events the node received (points holds the first of them). */
  received: number;
  /** The last watermark before the end of input, or null when none came. */
  lastWatermark: number | null;
}

const sameRow = (a: Row, b: Row) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The event-time inspector's picture of a node in the preview: its input as event time against
 * arrival order, late events marked (matched against the rows the node sent to `late`, which keep
 * their time and the count of events received when they were sent), its input watermark, and its
 * window results as bars placed where they fired.
 */
export function eventTimeView(
  input: PortPreview,
  trace: WatermarkTrace,
  out?: PortPreview,
  late?: PortPreview,
): EventTimeView {
  const points: EventPoint[] = input.rows.map((row, i) => ({
    index: input.atInput[i] ?? i + 1,
    time: input.times[i] ?? Number.NaN,
    late: false,
    row,
  }));
  const extra: EventPoint[] = [];
  if (late)
    late.rows.forEach((row, j) => {
      const time = late.times[j];
      const before = Math.min(late.atInput[j] ?? points.length, points.length);
      for (let i = before - 1; i >= 0; i--) {
        const p = points[i]!;
        if (!p.late && p.time === time && sameRow(p.row, row)) {
          p.late = true;
          return;
        }
      }
      // Beyond the input rows kept: drawn anyway, where the node had received it.
      if (time !== undefined) extra.push({ index: late.atInput[j] ?? input.count, time, late: true, row });
    });
  points.push(...extra);
  const lastWatermark = trace.length > 0 ? trace[trace.length - 1]![1] : null;
  const windows: WindowBar[] = [];
  if (out)
    out.rows.forEach((row, i) => {
      const { window_start: start, window_end: end, window_fire: fire } = row;
      if (typeof start !== 'number' || typeof end !== 'number') return;
      const at = out.atInput[i] ?? 0;
      windows.push({
        start,
        end,
        fire: fire === 'early' || fire === 'update' ? fire : 'final',
        at,
        row,
        firedAtEnd: at >= input.count && (lastWatermark === null || lastWatermark < end),
      });
    });
  return { points, watermark: trace, windows, received: input.count, lastWatermark };
}

/** The input events that fell into a window: its time range, and its key when the node has one. */
export function eventsInWindow(
  view: EventTimeView,
  bar: WindowBar,
  keyFields: readonly string[],
): EventPoint[] {
  return view.points.filter(
    (p) =>
      p.time >= bar.start &&
      p.time < bar.end &&
      keyFields.every((k) => JSON.stringify(p.row[k]) === JSON.stringify(bar.row[k])),
  );
}
