import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What the crash tests replay: events 1 ms apart over 5 keys. */
export interface ReplayEvent {
  key: string;
  v: number;
  ts: number;
}

/**
 * file-replay of input/events.jsonl (4x real time) -> assign-timestamps (50 ms bound) -> 250 ms
 * keyed tumbling window (count n, sum total of v) -> `sink`: the pipeline the crash tests SIGKILL.
 */
export function replayWindowsPipeline(
  name: string,
  sink: { id: string; kind: string; params: Record<string, unknown> },
  windowParams: Record<string, unknown> = {},
) {
  return {
    version: 1,
    name,
    settings: { microBatch: { maxEvents: 100, maxDelayMs: 5 }, checkpointIntervalMs: 150 },
    nodes: [
      {
        id: 'replay',
        kind: 'source.file-replay',
        params: { path: 'input/events.jsonl', speed: 4, timeField: 'ts' },
      },
      { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 50 } },
      {
        id: 'win',
        kind: 'window.tumbling',
        params: {
          sizeMs: 250,
          keyBy: ['key'],
          aggregations: [
            { name: 'n', fn: 'count' },
            { name: 'total', fn: 'sum', field: 'v' },
          ],
          ...windowParams,
        },
      },
      sink,
    ],
    edges: [
      { id: 'e1', source: 'replay', target: 'time' },
      { id: 'e2', source: 'time', target: 'win' },
      { id: 'e3', source: 'win', target: sink.id },
    ],
  };
}

/** Writes `count` events 1 ms apart with disorder of up to 20 ms (under the 50 ms bound: nothing late). */
export function writeReplayInput(dir: string, count: number): ReplayEvent[] {
  const events = Array.from({ length: count }, (_, i) => ({ key: `k${i % 5}`, v: i % 7, ts: 1_000_000 + i }));
  for (let i = 0; i + 3 < events.length; i += 7) [events[i], events[i + 3]] = [events[i + 3]!, events[i]!];
  mkdirSync(path.join(dir, 'input'), { recursive: true });
  writeFileSync(path.join(dir, 'input/events.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  return events;
}

/** Per "key@window_start" of the 250 ms windows: count and sum of v, computed directly. */
export function expectedWindows(events: readonly ReplayEvent[]): Map<string, { n: number; total: number }> {
  const byWindow = new Map<string, { n: number; total: number }>();
  for (const e of events) {
    const k = `${e.key}@${Math.floor(e.ts / 250) * 250}`;
    const agg = byWindow.get(k) ?? { n: 0, total: 0 };
    agg.n++;
    agg.total += e.v;
    byWindow.set(k, agg);
  }
  return byWindow;
}
