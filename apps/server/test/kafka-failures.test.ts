import { createRun, type PipelineRun } from '@eventide/engine';
import type { ConnectorStatus } from '@eventide/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from './helpers.js';
import { createTopic, KAFKA, kafkaAvailable, produce, quietConnectors, topicName } from './kafka-helpers.js';

/** The SASL/PLAIN listener of `pnpm services start kafka` (user eventide, password eventide-secret). */
const KAFKA_SASL = process.env.EVENTIDE_KAFKA_SASL ?? '127.0.0.1:19094';
/** A loopback port where no broker listens. */
const NO_BROKER = '127.0.0.1:19099';

const runs: PipelineRun[] = [];
afterEach(async () => {
  for (const r of runs.splice(0)) await r.stop();
});

function start(sourceParams: Record<string, unknown>, env: Record<string, string> = {}) {
  const c = quietConnectors({ env });
  const run = createRun(
    {
      version: 1,
      name: 'kafka failures',
      settings: { microBatch: { maxEvents: 100, maxDelayMs: 10 }, checkpointIntervalMs: 0 },
      nodes: [
        { id: 'in', kind: 'source.kafka', params: sourceParams, position: { x: 0, y: 0 } },
        { id: 'ok', kind: 'sink.table', params: {}, position: { x: 1, y: 0 } },
        { id: 'bad', kind: 'sink.table', params: {}, position: { x: 1, y: 1 } },
      ],
      edges: [
        { id: 'e1', source: 'in', sourcePort: 'out', target: 'ok', targetPort: 'in' },
        { id: 'e2', source: 'in', sourcePort: 'error', target: 'bad', targetPort: 'in' },
      ],
    },
    { sources: c.sources },
  );
  runs.push(run);
  run.start();
  const status = (): ConnectorStatus | undefined => c.statuses.get('in');
  return { run, status };
}

describe.runIf(await kafkaAvailable())('Kafka failures, in words', () => {
  it('broker down at start: the node shows "reconnecting" with the address, and the run keeps trying', async () => {
    const { run, status } = start({ bootstrapServers: NO_BROKER, topics: ['events'] });
    await until(async () => status()?.state === 'reconnecting', 'status reconnecting', 30_000);
    expect(status()?.message).toMatch(/cannot reach the broker at 127\.0\.0\.1:19099/);
    expect(run.metrics().state).toBe('running');
  }, 40_000);

  it('unknown topic: the run fails naming the node, the param and the topic', async () => {
    const { run, status } = start({ bootstrapServers: KAFKA, topics: ['no-such-topic-xyz'] });
    const end = await run.done;
    expect(end.state).toBe('failed');
    expect(end.error).toMatch(
      /node in \(source\.kafka\) failed: params\.topics: topic "no-such-topic-xyz" does not exist/,
    );
    expect(status()?.state).toBe('failed');
  }, 40_000);

  it('auth failure: a wrong SASL password fails the run with "authentication failed", the secret from ${env:NAME}', async () => {
    const topic = topicName('auth');
    await createTopic(topic, 1);
    const { run, status } = start(
      {
        bootstrapServers: KAFKA_SASL,
        topics: [topic],
        sasl: { mechanism: 'plain', username: 'eventide', password: '${env:KAFKA_TEST_PASSWORD}' },
      },
      { KAFKA_TEST_PASSWORD: 'wrong' },
    );
    const end = await run.done;
    expect(end.state).toBe('failed');
    expect(end.error).toMatch(
      /node in \(source\.kafka\) failed: authentication failed at 127\.0\.0\.1:19094 as "eventide"/,
    );
    expect(status()?.state).toBe('failed');
  }, 40_000);

  it('the right SASL password from ${env:NAME} reads the topic', async () => {
    const topic = topicName('auth-ok');
    await createTopic(topic, 1);
    await produce(topic, [{ value: '{"a":1}' }, { value: '{"a":2}' }]);
    const { run } = start(
      {
        bootstrapServers: KAFKA_SASL,
        topics: [topic],
        bounded: true,
        sasl: { mechanism: 'plain', username: 'eventide', password: '${env:KAFKA_TEST_PASSWORD}' },
      },
      { KAFKA_TEST_PASSWORD: 'eventide-secret' },
    );
    const end = await run.done;
    expect(end).toEqual({ state: 'finished' });
    expect(run.metrics().nodes.in?.out).toBe(2);
  }, 40_000);

  it('malformed messages go to the error port with their offset and reason, and are counted', async () => {
    const topic = topicName('malformed');
    await createTopic(topic, 1);
    await produce(topic, [
      { value: '{"a":1}' },
      { value: 'not json' },
      { value: '[1,2]' },
      { value: '{"a":2}' },
    ]);
    const { run } = start({ bootstrapServers: KAFKA, topics: [topic], bounded: true });
    const end = await run.done;
    expect(end).toEqual({ state: 'finished' });
    const m = run.metrics().nodes.in;
    expect(m?.out).toBe(2);
    expect(m?.errors).toBe(2);
    const bad = run.collected().bad ?? [];
    expect(bad.map((e) => [e.offset, e.error])).toEqual([
      ['1', expect.stringMatching(/value is not JSON/)],
      ['2', expect.stringMatching(/JSON but not an object/)],
    ]);
  }, 40_000);
});
