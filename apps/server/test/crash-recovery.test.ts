import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli/run-command.js';
import { tempDir, until } from './helpers.js';
import { killChildren, killed, serve } from './serve-process.js';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  killChildren();
  for (const d of dirs.splice(0)) d.cleanup();
});

const EVENTS = 12_000;
const pipeline = {
  version: 1,
  name: 'Replay windows to a file',
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
      },
    },
    { id: 'out', kind: 'sink.file', params: { path: 'out/result.jsonl' } },
  ],
  edges: [
    { id: 'e1', source: 'replay', target: 'time' },
    { id: 'e2', source: 'time', target: 'win' },
    { id: 'e3', source: 'win', target: 'out' },
  ],
};

/** Events 1 ms apart over 5 keys, with disorder of up to 20 ms (under the 50 ms bound: nothing late). */
function writeInput(dir: string): { key: string; v: number; ts: number }[] {
  const events = Array.from({ length: EVENTS }, (_, i) => ({
    key: `k${i % 5}`,
    v: i % 7,
    ts: 1_000_000 + i,
  }));
  for (let i = 0; i + 3 < events.length; i += 7) [events[i], events[i + 3]] = [events[i + 3]!, events[i]!];
  mkdirSync(path.join(dir, 'input'), { recursive: true });
  writeFileSync(path.join(dir, 'input/events.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  return events;
}

describe('crash recovery', () => {
  it('a file-replay -> window -> file run SIGKILLed several times ends with the uninterrupted output, line for line', async () => {
    // The reference: the same pipeline run without interruption (headless, as fast as possible).
    const ref = tempDir('eventide-ref-');
    dirs.push(ref);
    const events = writeInput(ref.dir);
    writeFileSync(path.join(ref.dir, 'p.json'), JSON.stringify(pipeline));
    const code = await runCommand(['p.json', '--speed', 'max'], () => {}, {
      cwd: ref.dir,
      stdout: () => {},
      stderr: () => {},
      isTTY: false,
    });
    expect(code).toBe(0);
    const expected = readFileSync(path.join(ref.dir, 'out/result.jsonl'), 'utf8');
    // ...which is itself right: per key and 250 ms window, the count and sum of v.
    const byWindow = new Map<string, { n: number; total: number }>();
    for (const e of events) {
      const k = `${e.key}@${Math.floor(e.ts / 250) * 250}`;
      const agg = byWindow.get(k) ?? { n: 0, total: 0 };
      agg.n++;
      agg.total += e.v;
      byWindow.set(k, agg);
    }
    const lines = expected
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(byWindow.size);
    for (const l of lines)
      expect({ n: l.n, total: l.total }).toEqual(byWindow.get(`${l.key}@${l.window_start}`));

    // The server run, killed mid-run three times.
    const data = tempDir('eventide-crash-');
    dirs.push(data);
    writeInput(data.dir);
    let { child, url } = await serve(data.dir);
    const put = await fetch(`${url}/api/pipelines/replay`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pipeline),
    });
    expect(put.status).toBe(200);
    const started = await fetch(`${url}/api/pipelines/replay/start`, { method: 'POST' });
    expect(started.status).toBe(201);
    const runId = ((await started.json()) as { run: { id: string } }).run.id;

    const outFile = path.join(data.dir, 'out/result.jsonl');
    const sizes: number[] = [];
    for (let kill = 0; kill < 3; kill++) {
      await new Promise((r) => setTimeout(r, 500 + kill * 150));
      await killed(child);
      sizes.push(readFileSync(outFile, 'utf8').length);
      ({ child, url } = await serve(data.dir));
    }
    // Each restart resumed the same run from its checkpoint; wait for it to finish.
    await until(
      async () => {
        const res = await fetch(`${url}/api/runs/${runId}`);
        return (
          res.status === 200 && ((await res.json()) as { run: { state: string } }).run.state === 'finished'
        );
      },
      'the resumed run to finish',
      30_000,
    );
    const actual = readFileSync(outFile, 'utf8');
    // Metrics continue across the restarts: each event counted once, not once per process.
    const { metrics } = (await (await fetch(`${url}/api/runs/${runId}`)).json()) as {
      metrics: { nodes: Record<string, { in: number; out: number }> };
    };
    expect(metrics.nodes.replay!.out).toBe(EVENTS);
    expect(metrics.nodes.win!.in).toBe(EVENTS);
    expect(metrics.nodes.out!.in).toBe(lines.length);
    console.info(
      `crash recovery: output bytes at the kills ${sizes.join(', ')} of ${expected.length}; ${lines.length} lines`,
    );
    expect(sizes.some((s) => s > 0 && s < expected.length)).toBe(true);
    expect(actual.split('\n')).toEqual(expected.split('\n'));
    await killed(child);
  }, 60_000);

  it('events acknowledged by http-ingest survive a SIGKILL and reach the file sink exactly once', async () => {
    const data = tempDir('eventide-ingest-crash-');
    dirs.push(data);
    let { child, url } = await serve(data.dir);
    const doc = {
      version: 1,
      name: 'Ingest to file',
      settings: { microBatch: { maxEvents: 50, maxDelayMs: 5 }, checkpointIntervalMs: 200 },
      nodes: [
        { id: 'in', kind: 'source.http-ingest', params: { maxQueue: 5000 } },
        { id: 'out', kind: 'sink.file', params: { path: 'out/ingested.jsonl' } },
      ],
      edges: [{ id: 'e1', source: 'in', target: 'out' }],
    };
    await fetch(`${url}/api/pipelines/ingest`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    expect((await fetch(`${url}/api/pipelines/ingest/start`, { method: 'POST' })).status).toBe(201);
    const post = async (from: number) => {
      const body = Array.from({ length: 500 }, (_, i) => JSON.stringify({ n: from + i })).join('\n');
      const res = await fetch(`${url}/api/ingest/ingest/in`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body,
      });
      expect(res.status).toBe(202);
    };
    await post(0);
    await new Promise((r) => setTimeout(r, 300));
    await post(500);
    // Killed right after the acknowledgement: the second batch is at best half processed.
    await killed(child);
    ({ child, url } = await serve(data.dir));
    const outFile = path.join(data.dir, 'out/ingested.jsonl');
    const read = () => {
      try {
        return readFileSync(outFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l).n as number);
      } catch {
        return [];
      }
    };
    await until(() => read().length >= 1000, 'every acknowledged event in the file', 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(read()).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    await killed(child);
  }, 60_000);
});
