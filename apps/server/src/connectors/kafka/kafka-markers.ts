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
      // A tail of aborted records or transaction markers yields no batch: quiet for QUIET_MS means done.
      let quiet: NodeJS.Timeout | undefined;
      const settle = () => {
        clearTimeout(quiet);
        quiet = setTimeout(() => {
          clearTimeout(timer);
          resolve();
        }, QUIET_MS);
      };
      consumer.on(consumer.events.GROUP_JOIN, settle);
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
            // Done at the end offset seen before reading; a tail of transaction markers yields no
            // record, and the quiet timer ends the read then.
            if (Number(batch.lastOffset()) + 1 >= high) {
              clearTimeout(timer);
              clearTimeout(quiet);
              resolve();
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
