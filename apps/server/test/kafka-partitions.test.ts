import { createRun, runBounded } from '@eventide/engine';
import { beforeAll, describe, expect, it } from 'vitest';
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

const T0 = 1_700_000_000_000;
/** Per busy partition: how far its event times lag behind partition 0 (far beyond maxOutOfOrderness). */
const LAG_MS = [0, 3000, 6000];
const PER_PARTITION = 3000;

type Login = {
  user: string;
  ts: number;
  bytes: number;
};

/** Partitions 0-2: in order within each, 3-6 s apart across them; partition 3: one early event, then silence. */
function partitions(): Login[][] {
  const busy = LAG_MS.map((lag, p) =>
    Array.from({ length: PER_PARTITION }, (_, i) => ({
      user: `u${(i * 7 + p) % 13}`,
      ts: T0 + 10_000 + i * 10 - lag - ((i * 37) % 300),
      bytes: (i + p) % 50,
    })),
  );
  return [...busy, [{ user: 'u0', ts: T0 + 100, bytes: 1 }]];
}

const pipeline = (source: Record<string, unknown>) =>
  windowPipeline({ source, maxOutOfOrdernessMs: 500, idleTimeoutMs: 1000, sizeMs: 1000, maxEvents: 512 });

describe.runIf(await kafkaAvailable())('Kafka per-partition watermarks', () => {
  const topic = topicName('parts');
  const data = partitions();

  beforeAll(async () => {
    await createTopic(topic, 4);
    // Partition by partition, so the consumer meets them in any interleaving.
    await produce(
      topic,
      data.flatMap((events, partition) => events.map((e) => ({ value: JSON.stringify(e), partition }))),
    );
  }, 60_000);

  it('out-of-order across 4 partitions with one idle partition gives the results of the time-sorted single-partition run', async () => {
    const c = quietConnectors();
    const run = createRun(
      pipeline({
        kind: 'source.kafka',
        params: { bootstrapServers: KAFKA, topics: [topic], group: 'parts' },
      }),
      { sources: c.sources, collectLimit: 100_000 },
    );
    // The oracle: every event in one partition, sorted by time, run to the end.
    const sorted = data.flat().sort((a, b) => a.ts - b.ts);
    const oracle = await runBounded(pipeline({ kind: 'source.file-replay', params: {} }), {
      inputs: { in: sorted },
    });
    // Unbounded, the Kafka run fires what its watermark passed: once all partitions went idle,
    // max(event time) - 500; before, the minimum over the busy ones (partition 3 idle after 1 s).
    const wm = Math.max(...sorted.map((e) => e.ts)) - 500;
    const expected = byWindowAndUser(
      (oracle.outputs.out ?? []).filter((r) => (r.window_end as number) - 1 <= wm),
    );
    expect(expected.length).toBeGreaterThan(100);

    run.start();
    const deadline = Date.now() + 60_000;
    let last = -1;
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const n = run.collected().out?.length ?? 0;
      if ((n >= expected.length && n === last) || Date.now() > deadline) break;
      last = n;
    }
    const metrics = run.metrics().nodes;
    await run.stop();
    expect(metrics.in?.out).toBe(PER_PARTITION * 3 + 1);
    expect(metrics.win?.late).toBe(0);
    expect(byWindowAndUser(run.collected().out ?? [])).toEqual(expected);
  }, 90_000);
});
