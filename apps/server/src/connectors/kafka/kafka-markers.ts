import type { Kafka, Message } from 'kafkajs';
import { withAdmin } from './kafka-client.js';

/**
 * Exactly-once sinks write, in each transaction, a marker record (key: transactional id, value: the
 * checkpoint id the transaction completes) to this compacted topic. After a crash, the restored sink
 * reads its last committed marker to learn which of the epochs in its checkpoint already committed.
 */
export const MARKER_TOPIC = 'eventide-sink-markers';
const QUIET_MS = 2000;

export function markerMessage(transactionalId: string, checkpoint: number): Message {
  return { key: transactionalId, value: JSON.stringify({ checkpoint }) };
}

/** The checkpoint id of the newest committed marker of `transactionalId` (0 if none), read as read_committed. */
export async function lastCommittedCheckpoint(kafka: Kafka, transactionalId: string): Promise<number> {
  const [p0] = await withAdmin(kafka, (admin) => admin.fetchTopicOffsets(MARKER_TOPIC));
  const high = Number(p0?.high ?? 0);
  if (high === 0 || Number(p0?.low ?? 0) >= high) return 0;
  const consumer = kafka.consumer({
    groupId: `eventide-markers-${process.pid}-${Date.now()}`,
    readUncommitted: false,
  });
  let last = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: MARKER_TOPIC, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${MARKER_TOPIC} took longer than 60 s`)),
        60_000,
      );
      let quiet: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        clearTimeout(quiet);
        resolve();
      };
      // Done at the end offset seen before reading. Every batch reports its last offset when it is
      // processed, also one of only transaction markers or aborted records (which eachBatch never
      // sees), so a tail of those ends the read too.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        if (Number(payload.lastOffset) + 1 >= high) done();
      });
      // Another sink's open transaction keeps a read_committed consumer short of that end: a fetch
      // that completed and nothing after it for QUIET_MS means nothing more is readable. Timed from
      // a completed fetch, not from the group join, so a slow first fetch is waited for.
      const settle = () => {
        clearTimeout(quiet);
        quiet = setTimeout(done, QUIET_MS);
      };
      consumer.on(consumer.events.FETCH, settle);
      void consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            settle();
            for (const m of batch.messages)
              if (m.key?.toString() === transactionalId && m.value) {
                const c = (JSON.parse(m.value.toString()) as { checkpoint?: unknown }).checkpoint;
                if (typeof c === 'number' && c > last) last = c;
              }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return last;
}
