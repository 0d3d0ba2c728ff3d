/**
 * Server throughput on this machine: `node --conditions=source --import tsx apps/server/bench/server.bench.ts`
 * (or `pnpm --filter @eventide/server bench`). Prints one line per case.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildServer } from '../src/app.js';
import { runCommand } from '../src/cli/run-command.js';
import { makeConfig } from '../src/config.js';
import { chainPipeline, stored } from '../test/helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'eventide-bench-'));
const examples = path.resolve(import.meta.dirname, '../../../examples');

async function replayThroughput(events: number): Promise<void> {
  const lines: string[] = [];
  for (let i = 0; i < events; i++)
    lines.push(
      JSON.stringify({
        sensor: `s${i % 100}`,
        temperature: 20 + (i % 13),
        humidity: 40,
        ts: 1_700_000_000_000 + i * 10,
      }),
    );
  const input = path.join(dir, 'sensors.jsonl');
  writeFileSync(input, `${lines.join('\n')}\n`);
  const started = performance.now();
  const code = await runCommand(
    [
      path.join(examples, 'sensor-averages.json'),
      '--input',
      `sensors=${input}`,
      '--output',
      'latest-windows=out.jsonl',
    ],
    () => {},
    { cwd: dir, stdout: () => {}, stderr: () => {}, isTTY: false },
  );
  const s = (performance.now() - started) / 1000;
  console.log(
    `eventide run, JSONL replay -> tumbling window -> JSONL: ${events} events in ${s.toFixed(2)} s = ${Math.round(events / s).toLocaleString('en-US')} events/s (exit ${code})`,
  );
}

async function ingestThroughput(seconds: number, batch: number, concurrency: number): Promise<void> {
  const server = await buildServer(
    makeConfig({ dataDir: path.join(dir, `data-${concurrency}`), webDist: dir }),
  );
  await server.listen();
  const url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const settings = { microBatch: { maxEvents: 1024, maxDelayMs: 5 }, checkpointIntervalMs: 1000 };
  await server.store.put(
    'ing',
    stored(
      chainPipeline(
        'Ingest',
        [
          { id: 'in', kind: 'source.http-ingest', params: { maxQueue: 100_000, fields: [] } },
          { id: 'log', kind: 'sink.event-log', params: { maxEvents: 100 } },
        ],
        settings,
      ),
    ),
  );
  const run = await server.runs.start('ing', (await server.store.get('ing'))!.document);
  const body = Array.from({ length: batch }, (_, i) =>
    JSON.stringify({ user: `u${i % 50}`, v: i, ts: i }),
  ).join('\n');
  let accepted = 0;
  let refused = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const res = await fetch(`${url}/api/ingest/ing/in`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson' },
          body,
        });
        if (res.status === 202) accepted += ((await res.json()) as { accepted: number }).accepted;
        else {
          refused++;
          await res.arrayBuffer();
        }
      }
    }),
  );
  const delivered = server.runs.get(run.id)!.metrics.nodes.log!.in;
  console.log(
    `HTTP ingest (NDJSON, ${batch} events per request, ${concurrency} clients, write-ahead log fsync per request): ${Math.round(accepted / seconds).toLocaleString('en-US')} events/s accepted, ${refused} requests answered 429, ${delivered} delivered to the sink by the end`,
  );
  await server.close();
}

try {
  await replayThroughput(500_000);
  await ingestThroughput(3, 1000, 1);
  await ingestThroughput(3, 1000, 4);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
