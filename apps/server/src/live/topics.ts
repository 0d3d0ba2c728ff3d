import type { LiveTopic } from '@eventide/shared';

/** One string per topic, so publishers and subscriptions meet in a Map. */
export function topicKey(topic: LiveTopic): string {
  switch (topic.kind) {
    case 'sink':
      return sinkTopic(topic.run, topic.node);
    case 'metrics':
      return metricsTopic(topic.run);
    case 'tap':
      return tapTopic(topic.run, topic.edge, topic.filter);
    case 'channel':
      return channelTopic(topic.channel);
  }
}

export const sinkTopic = (run: string, node: string) => `sink\u0000${run}\u0000${node}`;
export const metricsTopic = (run: string) => `metrics\u0000${run}`;
/** A filtered tap is a topic of its own: its subscribers see only the events the filter keeps. */
export const tapTopic = (run: string, edge: string, filter = '') =>
  `tap\u0000${run}\u0000${edge}\u0000${filter.trim()}`;
export const channelTopic = (channel: string) => `channel\u0000${channel}`;
