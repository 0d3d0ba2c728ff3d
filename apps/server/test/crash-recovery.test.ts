import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { drawInt } from '@eventide/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli/run-command.js';
import { serveChild, tempDir, until } from './helpers.js';
import {
  expectedWindows,
  INPUT,
  OUTPUT,
  replayPipeline,
  windowLines,
  writeReplayInput,
} from './replay-fixture.js';

const children: ChildProcess[] = [];
const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) d.cleanup();
});

/** A server child process, killed after the test whatever happened. */
async function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return serveChild(dataDir, (child) => children.push(child));
}

async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

const EVENTS = 1_000_000;
const KILLS = 20;
const pipeline = replayPipeline({
  microBatch: { maxEvents: 1000, maxDelayMs: 5 },
  checkpointIntervalMs: 100,
});

describe('crash recovery', () => {
  // 21 server starts dominate its time (about a minute of CPU in all); the bounds leave room for a loaded machine.
  it(`a 1,000,000-event replay -> keyed tumbling window -> file run SIGKILLed ${KILLS} times ends with the uninterrupted output, line for line`, async () => {
    // The reference: the same pipeline run without interruption (headless, as fast as possible).
    const ref = tempDir('eventide-ref-');
    dirs.push(ref);
    writeReplayInput(ref.dir, EVENTS);
    writeFileSync(path.join(ref.dir, 'p.json'), JSON.stringify(pipeline));
    const code = await runCommand(['p.json'], () => {}, {
      cwd: ref.dir,
      stdout: () => {},
      stderr: () => {},
      isTTY: false,
    });
    expect(code).toBe(0);
    const expected = readFileSync(path.join(ref.dir, OUTPUT), 'utf8');
    // ...which is itself right: per key and window, the count and sum of v.
    const windows = expectedWindows(EVENTS);
    const lines = windowLines(expected);
    expect(lines).toHaveLength(windows.size);
    for (const l of lines)
      expect({ n: l.n, total: l.total }).toEqual(windows.get(`${l.key}@${l.window_start}`));

    // The server run, killed at random moments: mostly once the run passed a random point of its
    // input, every fourth time a random few ms after the server is up (amid its resume).
    const data = tempDir('eventide-crash-');
    dirs.push(data);
    mkdirSync(path.join(data.dir, 'input'));
    copyFileSync(path.join(ref.dir, INPUT), path.join(data.dir, INPUT));
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
    const replayed = async (): Promise<number> => {
      try {
        const res = await fetch(`${url}/api/runs/${runId}`);
        const body = (await res.json()) as { metrics?: { nodes: Record<string, { out: number }> } };
        return body.metrics?.nodes.replay?.out ?? 0;
      } catch {
        return 0;
      }
    };

    const outFile = path.join(data.dir, OUTPUT);
    const targets = Array.from({ length: KILLS }, (_, k) => drawInt(2024, k, 0, EVENTS - 50_000)).sort(
      (x, y) => x - y,
    );
    const at: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      if (kill % 4 === 3) await new Promise((r) => setTimeout(r, drawInt(2024, kill, 1, 200)));
      else
        await until(
          async () => (await replayed()) >= targets[kill]!,
          `the replay to pass event ${targets[kill]}`,
          60_000,
        );
      await killed(child);
      at.push(readFileSync(outFile).length);
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
      120_000,
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
      `crash recovery: output bytes at the ${KILLS} kills ${at.join(', ')} of ${expected.length}; ${lines.length} lines`,
    );
    expect(at.filter((s) => s > 0 && s < expected.length).length).toBeGreaterThan(KILLS / 2);
    expect(actual.split('\n')).toEqual(expected.split('\n'));
    await killed(child);
  }, 600_000);

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
