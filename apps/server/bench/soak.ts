/**
 * Soak: `pnpm soak [--minutes 10] [--rate 20000] [--warmup 1]` (not in CI). Starts `eventide serve`
 * as a child process, runs HTTP ingest -> 100 ms tumbling window (processing time, 10 keys) ->
 * websocket-out, offers `rate` events/s for `minutes`, and prints the server's RSS growth after the
 * warm-up and the ingest -> websocket latency: from the send time of a window's newest event to the
 * moment its result arrives on /api/live (so it includes up to one 10 ms send interval of waiting
 * for the window to close).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { serveChild } from '../test/helpers.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '20000' },
    warmup: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const warmupMin = values.warmup === undefined ? Math.min(1, minutes / 4) : Number(values.warmup);
if (!(minutes > 0) || !(rate > 0) || !(warmupMin >= 0) || warmupMin >= minutes) {
  console.error('usage: pnpm soak [--minutes 10] [--rate 20000] [--warmup 1] (warm-up shorter than the run)');
  process.exit(2);
}

const SEND_EVERY_MS = 10;
const KEYS = 10;
const pipeline = {
  version: 1,
  name: 'Soak',
  settings: { microBatch: { maxEvents: 1024, maxDelayMs: 5 }, checkpointIntervalMs: 1000 },
  nodes: [
    { id: 'in', kind: 'source.http-ingest', params: { maxQueue: 100_000 } },
    {
      id: 'win',
      kind: 'window.tumbling',
      params: {
        sizeMs: 100,
        timeMode: 'processing',
        keyBy: ['key'],
        aggregations: [
          { name: 'n', fn: 'count' },
          { name: 'newest', fn: 'max', field: 'sentAt' },
        ],
      },
    },
    { id: 'out', kind: 'sink.websocket-out', params: { channel: 'soak' } },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'win' },
    { id: 'e2', source: 'win', target: 'out' },
  ],
};

/** Resident set size of a process, MB (Linux /proc; `ps` elsewhere). */
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {}
  return (
    Number(spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim()) / 1024
  );
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : Number.NaN;
}

const mb = (n: number) => `${n.toFixed(1)} MB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

const dataDir = mkdtempSync(path.join(tmpdir(), 'eventide-soak-'));
const { child, url } = await serveChild(dataDir);
const pid = child.pid!;
try {
  const put = await fetch(`${url}/api/pipelines/soak`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(pipeline),
  });
  if (put.status !== 200) throw new Error(`PUT pipeline: ${put.status} ${await put.text()}`);
  const start = await fetch(`${url}/api/pipelines/soak/start`, { method: 'POST' });
  if (start.status !== 201) throw new Error(`start: ${start.status} ${await start.text()}`);

  // The websocket side: every window result carries the send time of its newest event.
  const latencies: number[] = [];
  let delivered = 0;
  let measuring = false;
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/live`);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const now = Date.now();
      const msg = JSON.parse(String(data)) as { type: string; events?: { n: number; newest: number }[] };
      if (msg.type === 'welcome') {
        ws.send(
          JSON.stringify({ v: 1, type: 'subscribe', sub: 's', topic: { kind: 'channel', channel: 'soak' } }),
        );
        resolve();
      } else if (msg.type === 'channel')
        for (const e of msg.events ?? []) {
          delivered += e.n;
          if (measuring) latencies.push(now - e.newest);
        }
    });
  });

  // The load: every 10 ms, the events due by then in one NDJSON request (at most 8 in flight).
  let sent = 0;
  let accepted = 0;
  let refused = 0;
  let failed = 0;
  let inFlight = 0;
  const t0 = performance.now();
  const durationMs = minutes * 60_000;
  const warmupMs = warmupMin * 60_000;
  const post = async (count: number) => {
    const now = Date.now();
    let body = '';
    for (let i = 0; i < count; i++)
      body += `{"key":"k${(sent + i) % KEYS}","v":${sent + i},"sentAt":${now}}\n`;
    sent += count;
    inFlight++;
    try {
      const res = await fetch(`${url}/api/ingest/soak/in`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body,
      });
      if (res.status === 202) accepted += count;
      else if (res.status === 429) refused += count;
      else failed += count;
      await res.arrayBuffer();
    } catch {
      failed += count;
    } finally {
      inFlight--;
    }
  };
  const rss: { at: number; mb: number }[] = [];
  let warmRss = Number.NaN;
  let nextReport = 30_000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - t0;
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      if (!measuring && elapsed >= warmupMs) {
        measuring = true;
        warmRss = rssMb(pid);
      }
      const due = Math.floor((rate * elapsed) / 1000) - sent;
      if (due > 0 && inFlight < 8) void post(Math.min(due, rate));
      if (rss.length === 0 || elapsed - rss.at(-1)!.at >= 5000) rss.push({ at: elapsed, mb: rssMb(pid) });
      if (elapsed >= nextReport) {
        nextReport += 30_000;
        console.log(
          `${(elapsed / 60_000).toFixed(1)} min: ${int(accepted)} accepted, ${int(delivered)} delivered, RSS ${mb(rss.at(-1)!.mb)}`,
        );
      }
    }, SEND_EVERY_MS);
  });
  // The last windows close within 100 ms; give the pipeline a moment to deliver them.
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 1000));
  const endRss = rssMb(pid);
  ws.close();

  const sorted = Float64Array.from(latencies).sort();
  const after = rss.filter((r) => r.at >= warmupMs);
  const peak = Math.max(...after.map((r) => r.mb), endRss);
  const spanMin = (durationMs - warmupMs) / 60_000;
  console.log(
    `soak: ${minutes} min at ${int(rate)} events/s offered (HTTP ingest -> 100 ms tumbling window, ${KEYS} keys -> websocket-out)`,
  );
  console.log(
    `  events: ${int(sent)} sent, ${int(accepted)} accepted (202), ${int(refused)} refused (429), ${int(failed)} failed; ${int(delivered)} counted in window results over the websocket`,
  );
  console.log(
    `  server RSS: ${mb(warmRss)} after the ${warmupMin} min warm-up, ${mb(endRss)} at the end (peak ${mb(peak)}): ${endRss >= warmRss ? '+' : ''}${mb(endRss - warmRss)} over ${spanMin.toFixed(1)} min`,
  );
  console.log(
    `  ingest -> websocket latency after warm-up (${int(sorted.length)} window results): p50 ${percentile(sorted, 0.5)} ms, p99 ${percentile(sorted, 0.99)} ms, max ${sorted.at(-1)} ms`,
  );
} finally {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}
