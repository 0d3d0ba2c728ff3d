import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRun, type PipelineRun } from '@eventide/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import {
  byWindowAndUser,
  createTopic,
  KAFKA,
  kafkaAvailable,
  produce,
  quietConnectors,
  topicName,
  windowPipeline,
} from './kafka-helpers.js';

const N = 40_000;
const T0 = 1_700_000_000_000;
const events = Array.from({ length: N }, (_, i) => ({
  user: `u${i % 50}`,
  ts: T0 + i * 5 - ((i * 31) % 200),
  bytes: i % 17,
}));

const pipeline = (source: Record<string, unknown>) =>
  windowPipeline({ source, maxOutOfOrdernessMs: 300, sizeMs: 2000, maxEvents: 1024 });

async function finish(doc: unknown, baseDir: string): Promise<PipelineRun> {
  const c = quietConnectors({ baseDir });
  const run = createRun(doc, { sources: c.sources, collectLimit: 100_000 });
  run.start();
  expect(await run.done).toEqual({ state: 'finished' });
  return run;
}

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
    const expected = byWindowAndUser(file.collected().out ?? []);
    expect(expected.length).toBeGreaterThan(1000);
    expect(byWindowAndUser(hybrid.collected().out ?? [])).toEqual(expected);
  }, 90_000);

  it('the switch point is part of the checkpoint: a restore after the switch continues in the live topic', async () => {
    const c = quietConnectors({ baseDir: dir.dir });
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
    const c2 = quietConnectors({ baseDir: dir.dir });
    const second = createRun(doc, { sources: c2.sources, collectLimit: 100_000, restoreFrom: snapshot });
    second.start();
    expect(await second.done).toEqual({ state: 'finished' });
    // The restored run emits only the rest (its pending events, then the live topic): no history again.
    expect(second.metrics().nodes.in?.out).toBe(N - (first.metrics().nodes.in?.out ?? 0));
  }, 90_000);
});
