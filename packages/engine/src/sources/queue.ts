import type { Source, SourcePoll } from '../host.js';
import type { Event } from '../runtime/operator.js';

/** What offer() did: events beyond the free capacity are refused, never dropped silently. */
export interface OfferResult {
  accepted: number;
  rejected: number;
  /** Why events were refused, for a 429/503 answer. */
  reason?: string;
}

/** A push source: a bounded queue the host fills (HTTP or websocket ingest) and the runtime drains. */
export interface QueueSource extends Source {
  /** Appends as many events as fit; the host answers 429 for the rest. */
  offer(events: readonly Event[]): OfferResult;
  /** No more events will come: the source ends once drained. */
  end(): void;
  readonly size: number;
  readonly capacity: number;
  isFull(): boolean;
}

/**
 * A bounded FIFO. Not replayable: its offset counts the events consumed, so a restored run continues
 * counting but cannot re-read what was lost with the process (at-least-once needs a replayable source).
 */
export function createQueueSource(nodeId: string, options: { capacity: number }): QueueSource {
  const capacity = Math.max(1, Math.floor(options.capacity));
  let queue: Event[] = [];
  let head = 0;
  let consumed = 0;
  let ended = false;
  const size = () => queue.length - head;
  return {
    nodeId,
    capacity,
    get size() {
      return size();
    },
    isFull: () => size() >= capacity,
    offer(events) {
      if (ended) return { accepted: 0, rejected: events.length, reason: 'the source has ended' };
      const free = capacity - size();
      const accepted = Math.max(0, Math.min(free, events.length));
      for (let i = 0; i < accepted; i++) queue.push(events[i] as Event);
      const rejected = events.length - accepted;
      return rejected > 0
        ? { accepted, rejected, reason: `queue full (${capacity} events waiting)` }
        : { accepted, rejected };
    },
    end() {
      ended = true;
    },
    poll(maxEvents: number): SourcePoll {
      const end = Math.min(queue.length, head + maxEvents);
      const batch = queue.slice(head, end);
      head = end;
      consumed += batch.length;
      // Compact once the consumed prefix dominates, so the queue does not grow without bound.
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      return { events: batch, ended: ended && size() === 0, drained: size() === 0 };
    },
    offset: () => consumed,
    restore(offset: unknown) {
      consumed = typeof offset === 'number' ? offset : 0;
    },
  };
}
