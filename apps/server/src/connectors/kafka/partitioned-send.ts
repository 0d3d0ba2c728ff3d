import { type Admin, type Message, Partitioners } from 'kafkajs';

/**
 * Sends a topic's messages as one request per partition.
 *
 * Why: kafkajs 2.2.4 loses messages when one send() spans several partition leaders and a leader
 * changes mid-send (a broker stopped). Its retry keeps a response per *broker* across attempts and
 * skips every broker that already answered; when the failed broker's partitions move to one of those
 * brokers, their messages are never sent again, and send() resolves as if they had been written
 * (sendMessages' responsePerBroker; kafkajs PR #1798). A send of one partition involves one leader,
 * which a retry always looks up afresh. Tested by test/kafka-failover.test.ts.
 *
 * Partitions are chosen by kafkajs's DefaultPartitioner (the producer's own default: Java-compatible
 * murmur2 for keyed messages, round robin over partitions with a leader otherwise), over metadata
 * read when the sink (re)connects.
 */
export class PartitionedSend {
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private metadata: Awaited<ReturnType<Admin['fetchTopicMetadata']>>['topics'][number]['partitions'] = [];

  constructor(readonly topic: string) {}

  /** Reads the topic's partitions (on every (re)connect: leaders and partition counts change). */
  async refresh(admin: Pick<Admin, 'fetchTopicMetadata'>): Promise<void> {
    const { topics } = await admin.fetchTopicMetadata({ topics: [this.topic] });
    this.metadata = topics.find((t) => t.name === this.topic)?.partitions ?? [];
  }

  /** The messages grouped by partition, in their order within each partition. */
  split(messages: readonly Message[]): Map<number, Message[]> {
    const out = new Map<number, Message[]>();
    for (const message of messages) {
      const partition =
        message.partition ??
        this.partitioner({ topic: this.topic, partitionMetadata: this.metadata, message });
      const list = out.get(partition);
      if (list) list.push(message);
      else out.set(partition, [message]);
    }
    return out;
  }

  /** `send` once per partition, concurrently; rejects if any of them failed (the caller resends all). */
  async send(messages: readonly Message[], send: (messages: Message[]) => Promise<unknown>): Promise<void> {
    if (this.metadata.length === 0) throw new Error(`no partition metadata for topic ${this.topic}`);
    const results = await Promise.allSettled(
      [...this.split(messages)].map(([partition, list]) => send(list.map((m) => ({ ...m, partition })))),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
