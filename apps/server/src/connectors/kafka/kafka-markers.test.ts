import type { Kafka } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lastCommittedCheckpoint, markerMessage } from './kafka-markers.js';

type Listener = (event: { payload: Record<string, unknown> }) => void;
type Batch = { messages: { key: Buffer; value: Buffer }[] };

/**
 * A marker topic of `high` offsets behind a scripted consumer: the test says when fetches complete
 * and which batches they bring, in Kafka's order (FETCH, then eachBatch, then END_BATCH_PROCESS).
 */
function markerTopic(high: number) {
  const listeners = new Map<string, Listener[]>();
  let eachBatch: ((p: { batch: Batch }) => Promise<void>) | undefined;
  const emit = (event: string, payload: Record<string, unknown> = {}) => {
    for (const l of listeners.get(event) ?? []) l({ payload });
  };
  const consumer = {
    events: { FETCH: 'fetch', END_BATCH_PROCESS: 'end_batch_process', GROUP_JOIN: 'group_join' },
    connect: async () => {},
    disconnect: async () => {},
    subscribe: async () => {},
    on: (event: string, l: Listener) => listeners.set(event, [...(listeners.get(event) ?? []), l]),
    run: async (opts: { eachBatch: typeof eachBatch }) => {
      eachBatch = opts.eachBatch;
      emit('group_join');
    },
  };
  const kafka = {
    admin: () => ({
      connect: async () => {},
      disconnect: async () => {},
      fetchTopicOffsets: async () => [{ partition: 0, low: '0', high: String(high) }],
    }),
    consumer: () => consumer,
  } as unknown as Kafka;
  return {
    kafka,
    /** A completed fetch that brought these markers (none: an empty fetch), the last at lastOffset. */
    async fetch(markers: [string, number][], lastOffset?: number) {
      emit('fetch');
      if (lastOffset === undefined) return;
      if (markers.length > 0) {
        const messages = markers.map(([id, checkpoint]) => {
          const m = markerMessage(id, checkpoint);
          return { key: Buffer.from(String(m.key)), value: Buffer.from(String(m.value)) };
        });
        await eachBatch?.({ batch: { messages } });
      }
      emit('end_batch_process', { lastOffset: String(lastOffset) });
    },
  };
}

describe('lastCommittedCheckpoint', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for a first fetch slower than the quiet time (a busy broker), then reads the markers', async () => {
    const topic = markerTopic(3);
    const read = lastCommittedCheckpoint(topic.kafka, 'sink-a');
    let value: number | undefined;
    void read.then((v) => {
      value = v;
    });
    await vi.advanceTimersByTimeAsync(5000);
    expect(value).toBeUndefined();
    await topic.fetch(
      [
        ['sink-a', 4],
        ['sink-b', 9],
        ['sink-a', 5],
      ],
      2,
    );
    expect(await read).toBe(5);
  });

  it('ends at the end offset also when the tail is transaction markers or aborted records (a batch eachBatch never sees)', async () => {
    const topic = markerTopic(10);
    const read = lastCommittedCheckpoint(topic.kafka, 'sink-a');
    await vi.advanceTimersByTimeAsync(10);
    await topic.fetch([['sink-a', 7]], 4);
    await topic.fetch([], 9);
    expect(await read).toBe(7);
  });

  it("stops when nothing more is readable (another sink's open transaction): quiet after a completed fetch", async () => {
    const topic = markerTopic(10);
    const read = lastCommittedCheckpoint(topic.kafka, 'sink-a');
    await vi.advanceTimersByTimeAsync(10);
    await topic.fetch([['sink-a', 3]], 5);
    await topic.fetch([]);
    await vi.advanceTimersByTimeAsync(2100);
    expect(await read).toBe(3);
  });

  it('is 0 for an empty marker topic, without reading', async () => {
    expect(await lastCommittedCheckpoint(markerTopic(0).kafka, 'sink-a')).toBe(0);
  });
});
