import type { Event } from './operator.js';

/**
 * The split (a Kafka partition, one file of several) a source read an event from. Sources whose
 * splits are read concurrently tag events with it, and assign-timestamps keeps one watermark per
 * split and forwards their minimum (Flink's per-partition watermarks), so disorder between splits
 * never makes on-time events late. A symbol key: JSON output never shows it, while operators that
 * pass events on (filter, key-by, union, route) or copy them with a spread keep it.
 */
export const SPLIT: unique symbol = Symbol.for('eventide.split');

export function splitOf(event: Event): string | undefined {
  const split: unknown = Reflect.get(event, SPLIT);
  return typeof split === 'string' ? split : undefined;
}

/** Tags `event` (a fresh object the source owns) with its split. */
export function tagSplit(event: Event, split: string): Event {
  Reflect.set(event, SPLIT, split);
  return event;
}
