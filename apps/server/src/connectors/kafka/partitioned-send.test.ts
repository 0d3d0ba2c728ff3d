import type { Admin, Message } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { PartitionedSend } from './partitioned-send.js';

/** The one Admin call PartitionedSend makes, answering four partitions with leaders. */
function admin(partitions = 4): Pick<Admin, 'fetchTopicMetadata'> {
  return {
    fetchTopicMetadata: async () => ({
      topics: [
        {
          name: 't',
          partitions: Array.from({ length: partitions }, (_, partitionId) => ({
            partitionErrorCode: 0,
            partitionId,
            leader: (partitionId % 3) + 1,
            replicas: [1, 2, 3],
            isr: [1, 2, 3],
          })),
        },
      ],
    }),
  };
}

async function ready(): Promise<PartitionedSend> {
  const out = new PartitionedSend('t');
  await out.refresh(admin());
  return out;
}

describe('PartitionedSend', () => {
  it('sends one request per partition, each with its partition set, keeping the order within it', async () => {
    const out = await ready();
    const messages: Message[] = Array.from({ length: 40 }, (_, i) => ({ key: `k${i % 5}`, value: `${i}` }));
    const sent: Message[][] = [];
    await out.send(messages, async (list) => {
      sent.push(list);
    });
    expect(sent.flat()).toHaveLength(40);
    for (const list of sent) {
      expect(new Set(list.map((m) => m.partition)).size).toBe(1);
      const values = list.map((m) => Number(m.value));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
    // A key always lands in one partition (murmur2, as the producer's own partitioner).
    const partitionOfKey = new Map<string, number | undefined>();
    for (const m of sent.flat()) {
      const seen = partitionOfKey.get(String(m.key));
      if (seen !== undefined) expect(m.partition).toBe(seen);
      partitionOfKey.set(String(m.key), m.partition);
    }
  });

  it('spreads messages without a key over every partition and keeps an explicit partition', async () => {
    const out = await ready();
    const groups = out.split(Array.from({ length: 8 }, (_, i) => ({ key: null, value: `${i}` })));
    expect([...groups.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect([...groups.values()].map((l) => l.length)).toEqual([2, 2, 2, 2]);
    expect([...out.split([{ value: 'x', partition: 3 }]).keys()]).toEqual([3]);
  });

  it('rejects when any partition failed, after every request settled (the caller resends the chunk)', async () => {
    const out = await ready();
    const settled: number[] = [];
    const send = out.send(
      Array.from({ length: 8 }, (_, i) => ({ key: null, value: `${i}` })),
      async (list) => {
        await new Promise((r) => setTimeout(r, 5));
        settled.push(list[0]?.partition ?? -1);
        if (list[0]?.partition === 2) throw new Error('NOT_LEADER_OR_FOLLOWER');
      },
    );
    await expect(send).rejects.toThrow('NOT_LEADER_OR_FOLLOWER');
    expect(settled.sort()).toEqual([0, 1, 2, 3]);
  });

  it('refuses to send before it knows the partitions', async () => {
    await expect(new PartitionedSend('t').send([{ value: 'x' }], async () => undefined)).rejects.toThrow(
      /no partition metadata for topic t/,
    );
  });
});
