import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, until } from './helpers.js';
import { createTopic, KAFKA, kafkaAvailable, produce, readAll, topicName } from './kafka-helpers.js';
import { killChildren, killed, serve } from './serve-process.js';

const N = 1_000_000;
const KILLS = 10;
const USERS = 500;
const T0 = 1_700_000_000_000;

afterEach(() => killChildren());

/** Event i: user i % USERS at T0 + i ms, up to 300 ms early (under the 500 ms bound: none late). */
const eventAt = (i: number) => ({ user: `u${i % USERS}`, ts: T0 + i - ((i * 7919) % 300) });

function pipeline(input: string, output: string) {
  return {
    version: 1,
    name: 'Kafka exactly once',
    settings: { microBatch: { maxEvents: 2048, maxDelayMs: 20 }, checkpointIntervalMs: 1000 },
    nodes: [
      {
        id: 'in',
        kind: 'source.kafka',
        params: { bootstrapServers: KAFKA, topics: [input], group: 'eo', bounded: true },
      },
      { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 500 } },
      {
        id: 'win',
        kind: 'window.tumbling',
        params: { sizeMs: 5000, keyBy: ['user'], aggregations: [{ name: 'n', fn: 'count' }] },
      },
      {
        id: 'out',
        kind: 'sink.kafka',
        params: { bootstrapServers: KAFKA, topic: output, key: 'user', delivery: 'exactly-once' },
      },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'time' },
      { id: 'e2', source: 'time', target: 'win' },
      { id: 'e3', source: 'win', target: 'out' },
    ],
  };
}

interface RunView {
  run: { state: string };
  metrics?: { nodes: Record<string, { out: number; status?: unknown }> };
}

describe.runIf(await kafkaAvailable())('Kafka exactly-once across SIGKILLs', () => {
  const input = topicName('eo-in');
  const output = topicName('eo-out');

  beforeAll(async () => {
    await createTopic(input, 4);
    await createTopic(output, 2);
    const messages = [];
    for (let i = 0; i < N; i++) messages.push({ value: JSON.stringify(eventAt(i)), partition: i % 4 });
    await produce(input, messages);
  }, 300_000);

  it(`${KILLS} SIGKILLs of the server during a ${N.toLocaleString('en-US')}-event Kafka → window → Kafka run: a read_committed consumer reads every result exactly once`, async () => {
    const expected = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const e = eventAt(i);
      const k = `${e.user}@${Math.floor((e.ts - T0) / 5000) * 5000 + T0}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }

    const data = tempDir('eventide-kafka-eo-');
    let { child, url } = await serve(data.dir);
    const put = await fetch(`${url}/api/pipelines/eo`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pipeline(input, output)),
    });
    expect(put.status).toBe(200);
    const started = await fetch(`${url}/api/pipelines/eo/start`, { method: 'POST' });
    expect(started.status).toBe(201);
    const runId = ((await started.json()) as { run: { id: string } }).run.id;
    const view = async (): Promise<RunView> =>
      (await (await fetch(`${url}/api/runs/${runId}`)).json()) as RunView;

    // Kill after every N / (KILLS + 1) events read, so each incarnation makes progress first.
    const step = Math.floor(N / (KILLS + 1));
    const killedAt: number[] = [];
    const sinkStatus: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const target = (kill + 1) * step;
      let state = '';
      await until(
        async () => {
          const v = await view();
          state = v.run.state;
          return state !== 'running' || (v.metrics?.nodes.in?.out ?? 0) >= target;
        },
        `the run to read ${target} events`,
        120_000,
      );
      if (state !== 'running') break;
      const before = await view();
      killedAt.push(before.metrics?.nodes.in?.out ?? 0);
      sinkStatus.push(JSON.stringify(before.metrics?.nodes.out?.status ?? null));
      await killed(child);
      ({ child, url } = await serve(data.dir));
    }
    await until(async () => (await view()).run.state === 'finished', 'the resumed run to finish', 180_000);
    await killed(child);
    console.info(
      `exactly-once: killed at ${killedAt.join(', ')} events read; sink status then: ${sinkStatus.join(' ')}`,
    );
    expect(killedAt.length).toBe(KILLS);

    const results = (await readAll(output)) as { user: string; window_start: number; n: number }[];
    const seen = new Map<string, number>();
    for (const r of results) {
      const k = `${r.user}@${r.window_start}`;
      expect(seen.has(k), `result ${k} read twice`).toBe(false);
      seen.set(k, r.n);
    }
    expect(seen.size).toBe(expected.size);
    expect(seen).toEqual(expected);
    data.cleanup();
  }, 1_500_000);
});
