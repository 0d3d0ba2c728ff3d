import { createRun, type Event } from '@eventide/engine';
import { describe, expect, it } from 'vitest';
import {
  createTopic,
  KAFKA,
  kafkaAvailable,
  quietConnectors,
  testKafka,
  topicName,
} from './kafka-helpers.js';

/** Writes `values` to `topic` (partition 0) in one transaction, committed or aborted. */
async function transaction(topic: string, values: string[], outcome: 'commit' | 'abort'): Promise<void> {
  const producer = testKafka().producer({
    transactionalId: `test-${topic}-${outcome}`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const tx = await producer.transaction();
  await tx.send({ topic, messages: values.map((value) => ({ value, partition: 0 })) });
  await (outcome === 'commit' ? tx.commit() : tx.abort());
  await producer.disconnect();
}

describe.runIf(await kafkaAvailable())('bounded source.kafka over transactional topics', () => {
  it('a topic that ends with an aborted transaction and its marker, fetched alone: the run ends with every committed message, none aborted', async () => {
    const topic = topicName('bounded-tx');
    await createTopic(topic, 1);
    // Records of ~900 kB: one fetch (1 MB per partition) holds one of them, so the aborted one and
    // its marker come in a fetch of their own, with no message to deliver.
    const big = (n: number) => JSON.stringify({ n, pad: 'x'.repeat(900_000) });
    await transaction(topic, [big(1)], 'commit');
    await transaction(topic, [big(2)], 'commit');
    await transaction(topic, [big(-1)], 'abort');
    const received: Event[] = [];
    const c = quietConnectors({ runId: `bounded-${topic}` });
    const run = createRun(
      {
        version: 1,
        name: 'bounded',
        settings: { microBatch: { maxEvents: 100, maxDelayMs: 5 }, checkpointIntervalMs: 0 },
        nodes: [
          {
            id: 'in',
            kind: 'source.kafka',
            params: { bootstrapServers: KAFKA, topics: [topic], bounded: true },
          },
          { id: 'out', kind: 'sink.console', params: {} },
        ],
        edges: [{ id: 'e1', source: 'in', target: 'out' }],
      },
      {
        sources: c.sources,
        sinkFor: (node) =>
          node.id === 'out'
            ? {
                nodeId: 'out',
                write: (events: Event[]) => {
                  received.push(...events);
                },
              }
            : undefined,
      },
    );
    run.start();
    // The aborted records and the markers are offsets without messages: the end is still reached.
    const end = await Promise.race([
      run.done,
      new Promise((r) => setTimeout(() => r('still running after 20 s'), 20_000)),
    ]);
    if (end === 'still running after 20 s') await run.stop();
    expect(end).toEqual({ state: 'finished' });
    expect(received.map((e) => e.n)).toEqual([1, 2]);
  }, 40_000);
});
