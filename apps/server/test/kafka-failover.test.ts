import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createRun, type PipelineRun } from '@eventide/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './helpers.js';
import {
  createTopic,
  kafkaAvailable,
  produce,
  quietConnectors,
  readAll,
  recordCount,
  topicName,
} from './kafka-helpers.js';

/** Three brokers of `kafka.sh start-cluster` (each also a controller voter); this test starts and stops them. */
const CLUSTER = '127.0.0.1:19101,127.0.0.1:19102,127.0.0.1:19103';
const SCRIPT = path.resolve(import.meta.dirname, '../../../scripts/services/kafka.sh');
const kafkaSh = (...args: string[]) =>
  execFileSync('bash', [SCRIPT, ...args], { stdio: 'pipe', timeout: 180_000 });

function passThrough(input: string, output: string, bounded: boolean) {
  return {
    version: 1,
    name: 'failover',
    settings: { microBatch: { maxEvents: 1000, maxDelayMs: 10 }, checkpointIntervalMs: 500 },
    nodes: [
      { id: 'in', kind: 'source.kafka', params: { bootstrapServers: CLUSTER, topics: [input], bounded } },
      { id: 'out', kind: 'sink.kafka', params: { bootstrapServers: CLUSTER, topic: output } },
    ],
    edges: [{ id: 'e1', source: 'in', target: 'out' }],
  };
}

const ids = (rows: unknown[]) => new Set((rows as { id: number }[]).map((r) => r.id));

describe.runIf(await kafkaAvailable())('Kafka broker failover (3 brokers, replication factor 3)', () => {
  beforeAll(() => {
    kafkaSh('start-cluster');
  }, 200_000);
  afterAll(() => {
    kafkaSh('stop-cluster');
  }, 60_000);

  it('one broker stopped mid-run: the run continues and no event is lost', async () => {
    const input = topicName('fo-in');
    const output = topicName('fo-out');
    await createTopic(input, 4, CLUSTER, 3);
    await createTopic(output, 4, CLUSTER, 3);
    const n = 60_000;
    await produce(
      input,
      Array.from({ length: n }, (_, id) => ({ value: JSON.stringify({ id }), partition: id % 4 })),
      CLUSTER,
    );
    const c = quietConnectors({ runId: `failover-${input}` });
    const run: PipelineRun = createRun(passThrough(input, output, true), {
      sources: c.sources,
      sinkFor: c.sinkFor,
      onCheckpoint: () => undefined,
    });
    run.start();
    await until(async () => (run.metrics().nodes.in?.out ?? 0) > n / 5, 'a fifth of the input read', 60_000);
    kafkaSh('stop-node', '2');
    try {
      const end = await run.done;
      expect(end).toEqual({ state: 'finished' });
      const got = ids(await readAll(output, { brokers: CLUSTER }));
      expect(got.size).toBe(n);
    } finally {
      // The next test needs all three brokers, whatever happened here.
      kafkaSh('start-node', '2');
    }
  }, 240_000);

  it('every broker lost mid-run: the node shows "reconnecting", then continues when they are back', async () => {
    const input = topicName('lost-in');
    const output = topicName('lost-out');
    await createTopic(input, 2, CLUSTER, 3);
    await createTopic(output, 2, CLUSTER, 3);
    await produce(input, [{ value: '{"id":0}' }, { value: '{"id":1}' }], CLUSTER);
    const c = quietConnectors({ runId: `failover-${input}` });
    const run = createRun(passThrough(input, output, false), {
      sources: c.sources,
      sinkFor: c.sinkFor,
      onCheckpoint: () => undefined,
    });
    run.start();
    try {
      await until(async () => (run.metrics().nodes.out?.in ?? 0) === 2, 'the first events through', 60_000);
      kafkaSh('stop-cluster');
      await until(
        async () => c.statuses.get('in')?.state === 'reconnecting',
        'the source to say reconnecting',
        90_000,
      );
      expect(c.statuses.get('in')?.message).toMatch(/cannot reach the broker|Connection|connect/i);
      expect(run.metrics().state).toBe('running');
      kafkaSh('start-cluster');
      await produce(input, [{ value: '{"id":2}' }, { value: '{"id":3}' }], CLUSTER);
      // The input holds each event once, or the count below could not be exact (see produce()).
      expect(await recordCount(input, CLUSTER)).toBe(4);
      await until(
        async () => (run.metrics().nodes.out?.in ?? 0) >= 4,
        'the events after the restart',
        120_000,
      );
      // Exactly four: the source went on from its fetched positions and read nothing twice.
      expect(run.metrics().nodes.out?.in).toBe(4);
      await until(
        async () => ids(await readAll(output, { brokers: CLUSTER })).size === 4,
        'all four in the output',
        60_000,
      );
    } finally {
      await run.stop();
    }
  }, 400_000);
});
