import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRun, type PipelineRun } from '@eventide/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunConnectors } from '../src/host/run-connectors.js';
import { createTopic, KAFKA, kafkaAvailable, produce, readAll, topicName } from './kafka-helpers.js';

const N = Number(process.env.KAFKA_RT_EVENTS ?? 1_000_000);
const USERS = 1000;
const T0 = 1_700_000_000_000;

/** Login events in time order with bounded disorder (< 500 ms): ts grows 1 ms per event. */
function events(): { user: string; ts: number; ok: boolean; bytes: number }[] {
  const out = [];
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let i = 0; i < N; i++)
    out.push({
      user: `u${i % USERS}`,
      ts: T0 + i - Math.floor(rand() * 400),
      ok: rand() < 0.7,
      bytes: i % 97,
    });
  return out;
}

function pipeline(source: Record<string, unknown>, sink: Record<string, unknown>) {
  return {
    version: 1,
    name: 'kafka round trip',
    settings: { microBatch: { maxEvents: 4096, maxDelayMs: 20 }, checkpointIntervalMs: 0 },
    nodes: [
      { id: 'in', ...source, position: { x: 0, y: 0 } },
      {
        id: 'time',
        kind: 'time.assign-timestamps',
        params: { timestamp: 'ts', maxOutOfOrdernessMs: 500 },
        position: { x: 1, y: 0 },
      },
      {
        id: 'win',
        kind: 'window.tumbling',
        params: {
          sizeMs: 10_000,
          keyBy: ['user'],
          aggregations: [
            { fn: 'count', name: 'n' },
            { fn: 'sum', field: 'bytes', name: 'bytes' },
          ],
        },
        position: { x: 2, y: 0 },
      },
      { id: 'out', ...sink, position: { x: 3, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'out', target: 'time', targetPort: 'in' },
      { id: 'e2', source: 'time', sourcePort: 'out', target: 'win', targetPort: 'in' },
      { id: 'e3', source: 'win', sourcePort: 'out', target: 'out', targetPort: 'in' },
    ],
  };
}

function connectors(baseDir = tmpdir()): RunConnectors {
  return new RunConnectors({
    baseDir,
    confine: false,
    allowPrivateWebhooks: false,
    publishSink: () => undefined,
    publishChannel: () => undefined,
    print: () => undefined,
    countError: (node, reason) => {
      throw new Error(`${node}: ${reason}`);
    },
    countDropped: () => undefined,
    runId: 'roundtrip',
  });
}

const sortKey = (r: Record<string, unknown>) => `${r.window_start}|${r.user}`;
const sorted = (rows: unknown[]) =>
  [...(rows as Record<string, unknown>[])].sort((a, b) =>
    sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0,
  );

function finish(run: PipelineRun): Promise<void> {
  run.start();
  return run.done.then((end) => {
    if (end.state !== 'finished') throw new Error(`run ${end.state}: ${end.error}`);
  });
}

describe.runIf(await kafkaAvailable())(`Kafka round trip (${KAFKA})`, () => {
  const input = topicName('rt-in');
  const output = topicName('rt-out');
  const data = events();

  beforeAll(async () => {
    await createTopic(input, 4);
    await createTopic(output, 2);
    await produce(
      input,
      data.map((e, i) => ({ key: e.user, value: JSON.stringify(e), partition: i % 4 })),
    );
  }, 300_000);

  it(`${N.toLocaleString('en-US')} events through a keyed tumbling window: Kafka → window → Kafka equals the same pipeline over the same events in a file`, async () => {
    const c = connectors();
    const doc = pipeline(
      {
        kind: 'source.kafka',
        params: { bootstrapServers: KAFKA, topics: [input], bounded: true, group: 'rt' },
      },
      { kind: 'sink.kafka', params: { bootstrapServers: KAFKA, topic: output, key: 'user' } },
    );
    const run = createRun(doc, { sources: c.sources, sinkFor: c.sinkFor });
    const started = performance.now();
    await finish(run);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `round trip: ${Math.round(N / seconds).toLocaleString('en-US')} events/s through Kafka → window → Kafka`,
    );
    // Partitions are read at different speeds: per-partition watermarks keep every event on time.
    expect(run.metrics().nodes.win?.late).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), 'kafka-rt-'));
    writeFileSync(join(dir, 'events.jsonl'), `${data.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const file = connectors(dir);
    const reference = createRun(
      pipeline(
        { kind: 'source.file-replay', params: { path: 'events.jsonl' } },
        { kind: 'sink.table', params: {} },
      ),
      { sources: file.sources, collectLimit: 1_000_000 },
    );
    await finish(reference);
    rmSync(dir, { recursive: true, force: true });
    const expected = reference.collected().out ?? [];
    expect(expected.length).toBeGreaterThan(N / 20);
    const actual = await readAll(output);
    expect(actual.length).toBe(expected.length);
    expect(sorted(actual)).toEqual(sorted(expected));
  }, 300_000);
});
