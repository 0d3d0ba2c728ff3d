import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { PipelineDocumentInput } from '@eventide/shared';

/**
 * The recovery tests' workload: a JSONL replay of events 1 ms apart over 5 keys (with disorder of up
 * to 20 ms, under the 50 ms bound: nothing is late) through a keyed tumbling window into a file.
 */
export const INPUT = 'input/events.jsonl';
export const OUTPUT = 'out/result.jsonl';
export const WINDOW_MS = 250;

export function replayPipeline(settings: PipelineDocumentInput['settings']): PipelineDocumentInput {
  return {
    version: 2,
    name: 'Replay windows to a file',
    settings,
    nodes: [
      { id: 'replay', kind: 'source.file-replay', params: { path: INPUT, speed: 'max', timeField: 'ts' } },
      { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 50 } },
      {
        id: 'win',
        kind: 'window.tumbling',
        params: {
          sizeMs: WINDOW_MS,
          keyBy: ['key'],
          aggregations: [
            { name: 'n', fn: 'count' },
            { name: 'total', fn: 'sum', field: 'v' },
          ],
        },
      },
      { id: 'out', kind: 'sink.file', params: { path: OUTPUT } },
    ],
    edges: [
      { id: 'e1', source: 'replay', target: 'time' },
      { id: 'e2', source: 'time', target: 'win' },
      { id: 'e3', source: 'win', target: 'out' },
    ],
  };
}

/** Event number `i` in file order: every 7th swaps places with the one 3 after it. */
export function replayEvent(i: number, count: number): { key: string; v: number; ts: number } {
  const j = i % 7 === 0 && i + 3 < count ? i + 3 : i % 7 === 3 ? i - 3 : i;
  return { key: `k${j % 5}`, v: j % 7, ts: 1_000_000 + j };
}

/** Writes the `count` events to `<dir>/input/events.jsonl`, in chunks (a million lines fit any memory). */
export function writeReplayInput(dir: string, count: number): void {
  mkdirSync(path.join(dir, 'input'), { recursive: true });
  const fd = openSync(path.join(dir, INPUT), 'w');
  try {
    for (let from = 0; from < count; from += 50_000) {
      let chunk = '';
      for (let i = from; i < Math.min(count, from + 50_000); i++)
        chunk += `${JSON.stringify(replayEvent(i, count))}\n`;
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
}

/** What the window must emit, by `key@window_start`: the count and sum of v. */
export function expectedWindows(count: number): Map<string, { n: number; total: number }> {
  const out = new Map<string, { n: number; total: number }>();
  for (let i = 0; i < count; i++) {
    const e = replayEvent(i, count);
    const k = `${e.key}@${Math.floor(e.ts / WINDOW_MS) * WINDOW_MS}`;
    const agg = out.get(k) ?? { n: 0, total: 0 };
    agg.n++;
    agg.total += e.v;
    out.set(k, agg);
  }
  return out;
}

/** The lines of an output file, parsed. */
export function windowLines(text: string): { key: string; window_start: number; n: number; total: number }[] {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}
