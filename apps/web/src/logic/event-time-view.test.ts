import type { PortPreview } from '@eventide/engine';
import { describe, expect, it } from 'vitest';
import { eventsInWindow, eventTimeView } from './event-time-view';

const port = (rows: Record<string, unknown>[], times: number[], atInput: number[]): PortPreview => ({
  count: rows.length,
  rows,
  times,
  atInput,
});

describe('eventTimeView', () => {
  const ev = (user: string, ts: number) => ({ user, ts });
  const input = port(
    [ev('a', 100), ev('b', 1500), ev('a', 4100), ev('a', 7000), ev('a', 2500), ev('b', 7100)],
    [100, 1500, 4100, 7000, 2500, 7100],
    [1, 2, 3, 4, 5, 6],
  );
  const late = port([ev('a', 2500)], [2500], [5]);
  const out = port(
    [
      { user: 'a', window_start: 0, window_end: 2000, window_fire: 'final', n: 1 },
      { user: 'b', window_start: 0, window_end: 2000, window_fire: 'final', n: 1 },
      { user: 'a', window_start: 6000, window_end: 8000, window_fire: 'early', n: 1 },
      { user: 'a', window_start: 6000, window_end: 8000, window_fire: 'final', n: 1 },
    ],
    [1999, 1999, 7999, 7999],
    [3, 3, 4, 6],
  );

  it('marks the late event, places windows where they fired and tells which fired only at the end', () => {
    const view = eventTimeView(
      input,
      [
        [1, 100],
        [2, 1500],
        [3, 4100],
        [4, 7000],
      ],
      out,
      late,
    );
    expect(view.points.filter((p) => p.late).map((p) => p.index)).toEqual([5]);
    expect(view.windows.map((w) => [w.start, w.fire, w.at, w.firedAtEnd])).toEqual([
      [0, 'final', 3, false],
      [0, 'final', 3, false],
      [6000, 'early', 4, false],
      [6000, 'final', 6, true],
    ]);
    expect(view.lastWatermark).toBe(7000);
    expect(view.received).toBe(6);
  });

  it('lists the events of a window by time range and key', () => {
    const view = eventTimeView(input, [], out, late);
    expect(eventsInWindow(view, view.windows[3]!, ['user']).map((p) => p.time)).toEqual([7000]);
    expect(eventsInWindow(view, view.windows[3]!, []).map((p) => p.time)).toEqual([7000, 7100]);
    expect(eventsInWindow(view, view.windows[1]!, ['user']).map((p) => p.row.user)).toEqual(['b']);
  });

  it('draws late events beyond the input rows kept where the node had received them', () => {
    const firstTwo = {
      ...input,
      rows: input.rows.slice(0, 2),
      times: input.times.slice(0, 2),
      atInput: [1, 2],
    };
    const view = eventTimeView(firstTwo, [], out, late);
    expect(view.points.map((p) => [p.index, p.time, p.late])).toEqual([
      [1, 100, false],
      [2, 1500, false],
      [5, 2500, true],
    ]);
  });
});
