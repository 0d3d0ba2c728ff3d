import type { LiveTopic } from '@eventide/shared';

/** One string per topic, so publishers and subscriptions meet in a Map. */
export function topicKey(topic: LiveTopic): string {
  switch (topic.kind) {
    case 'sink':
      return sinkTopic(topic.run, topic.node);
    case 'metrics':
      return metricsTopic(topic.run);
    case 'tap':
      return tapTopic(topic.run, topic.edge);
    case 'channel':
      return channelTopic(topic.channel);
  }
}

export const sinkTopic = (run: string, node: string) => `sink\u0000${run}\u0000${node}`;
export const metricsTopic = (run: string) => `metrics\u0000${run}`;
export const tapTopic = (run: string, edge: string) => `tap\u0000${run}\u0000${edge}`;
export const channelTopic = (channel: string) => `channel\u0000${channel}`;
