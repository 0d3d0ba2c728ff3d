import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRun, type PipelineRun } from '@eventide/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  byWindowAndUser,
  createTopic,
  KAFKA,
  kafkaAvailable,
  produce,
  quietConnectors,
  readAll,
  topicName,
  windowPipeline,
} from './kafka-helpers.js';

const N = 1_000_000;
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

const pipeline = (source: Record<string, unknown>, sink: Record<string, unknown>) =>
  windowPipeline({ source, sink, maxOutOfOrdernessMs: 500, sizeMs: 10_000, maxEvents: 4096 });

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
    const c = quietConnectors({ runId: 'roundtrip' });
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
    const file = quietConnectors({ baseDir: dir });
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
    expect(byWindowAndUser(actual)).toEqual(byWindowAndUser(expected));
  }, 300_000);
});
