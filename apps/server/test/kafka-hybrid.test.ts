import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRun, type PipelineRun } from '@eventide/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunConnectors } from '../src/host/run-connectors.js';
import { tempDir } from './helpers.js';
import { createTopic, KAFKA, kafkaAvailable, produce, topicName } from './kafka-helpers.js';

const N = 40_000;
const T0 = 1_700_000_000_000;
const events = Array.from({ length: N }, (_, i) => ({
  user: `u${i % 50}`,
  ts: T0 + i * 5 - ((i * 31) % 200),
  bytes: i % 17,
}));

function pipeline(source: Record<string, unknown>) {
  return {
    version: 1,
    name: 'history then live',
    settings: { microBatch: { maxEvents: 1024, maxDelayMs: 10 }, checkpointIntervalMs: 0 },
    nodes: [
      { id: 'in', ...source, position: { x: 0, y: 0 } },
      {
        id: 'time',
        kind: 'time.assign-timestamps',
        params: { timestamp: 'ts', maxOutOfOrdernessMs: 300 },
        position: { x: 1, y: 0 },
      },
      {
        id: 'win',
        kind: 'window.tumbling',
        params: {
          sizeMs: 2000,
          keyBy: ['user'],
          aggregations: [
            { fn: 'count', name: 'n' },
            { fn: 'sum', field: 'bytes', name: 'bytes' },
          ],
        },
        position: { x: 2, y: 0 },
      },
      { id: 'out', kind: 'sink.table', params: {}, position: { x: 3, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'in', sourcePort: 'out', target: 'time', targetPort: 'in' },
      { id: 'e2', source: 'time', sourcePort: 'out', target: 'win', targetPort: 'in' },
      { id: 'e3', source: 'win', sourcePort: 'out', target: 'out', targetPort: 'in' },
    ],
  };
}

async function finish(doc: unknown, baseDir: string): Promise<PipelineRun> {
  const c = new RunConnectors({
    baseDir,
    confine: false,
    allowPrivateWebhooks: false,
    publishSink: () => undefined,
    publishChannel: () => undefined,
    print: () => undefined,
    countError: () => undefined,
    countDropped: () => undefined,
  });
  const run = createRun(doc, { sources: c.sources, collectLimit: 100_000 });
  run.start();
  expect(await run.done).toEqual({ state: 'finished' });
  return run;
}

const key = (r: Record<string, unknown>) => `${r.window_start}|${r.user}`;
const byKey = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

describe.runIf(await kafkaAvailable())('history, then live (source.kafka with a history file)', () => {
  const topic = topicName('live');
  const dir = tempDir('eventide-hybrid-');
  const cut = N / 2;

  beforeAll(async () => {
    const jsonl = (list: typeof events) => `${list.map((e) => JSON.stringify(e)).join('\n')}\n`;
    writeFileSync(path.join(dir.dir, 'history.jsonl'), jsonl(events.slice(0, cut)));
    writeFileSync(path.join(dir.dir, 'all.jsonl'), jsonl(events));
    await createTopic(topic, 4);
    await produce(
      topic,
      events.slice(cut).map((e, i) => ({ value: JSON.stringify(e), partition: i % 4 })),
    );
  }, 60_000);
  afterAll(() => dir.cleanup());

  it('a history file then the live topic gives the results of the same events from one file', async () => {
    const hybrid = await finish(
      pipeline({
        kind: 'source.kafka',
        params: { bootstrapServers: KAFKA, topics: [topic], bounded: true, history: 'history.jsonl' },
      }),
      dir.dir,
    );
    const file = await finish(
      pipeline({ kind: 'source.file-replay', params: { path: 'all.jsonl' } }),
      dir.dir,
    );
    const m = hybrid.metrics().nodes;
    expect(m.in?.out).toBe(N);
    expect(m.win?.late).toBe(0);
    const expected = byKey(file.collected().out ?? []);
    expect(expected.length).toBeGreaterThan(1000);
    expect(byKey(hybrid.collected().out ?? [])).toEqual(expected);
  }, 90_000);

  it('the switch point is part of the checkpoint: a restore after the switch continues in the live topic', async () => {
    const c = new RunConnectors({
      baseDir: dir.dir,
      confine: false,
      allowPrivateWebhooks: false,
      publishSink: () => undefined,
      publishChannel: () => undefined,
      print: () => undefined,
      countError: () => undefined,
      countDropped: () => undefined,
    });
    const doc = pipeline({
      kind: 'source.kafka',
      params: { bootstrapServers: KAFKA, topics: [topic], bounded: true, history: 'history.jsonl' },
    });
    const first = createRun(doc, { sources: c.sources, collectLimit: 100_000 });
    // Step until the source reads the live topic, then checkpoint and stop.
    const deadline = Date.now() + 60_000;
    while ((first.metrics().nodes.in?.out ?? 0) < cut + 1000 && Date.now() < deadline) {
      first.step();
      await new Promise((r) => setTimeout(r, 1));
    }
    const snapshot = first.checkpoint();
    await first.stop();
    const offset = snapshot.sources.in?.offset as { phase: string };
    expect(offset.phase).toBe('live');
    const c2 = new RunConnectors({
      baseDir: dir.dir,
      confine: false,
      allowPrivateWebhooks: false,
      publishSink: () => undefined,
      publishChannel: () => undefined,
      print: () => undefined,
      countError: () => undefined,
      countDropped: () => undefined,
    });
    const second = createRun(doc, { sources: c2.sources, collectLimit: 100_000, restoreFrom: snapshot });
    second.start();
    expect(await second.done).toEqual({ state: 'finished' });
    // The restored run emits only the rest (its pending events, then the live topic): no history again.
    expect(second.metrics().nodes.in?.out).toBe(N - (first.metrics().nodes.in?.out ?? 0));
  }, 90_000);
});
