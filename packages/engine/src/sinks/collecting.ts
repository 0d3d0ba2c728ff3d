import type { Sink } from '../host.js';
import type { Event } from '../runtime/operator.js';

export interface CollectingSink extends Sink {
  /** The events kept (the most recent `limit`), in arrival order. */
  readonly events: Event[];
  readonly times: number[];
  /** Every event written, kept or not. */
  readonly total: number;
}

/**
 * Keeps what arrives, up to `limit` most recent events: the sink of tests and the default for sink
 * kinds the host does not provide (so a preview still shows results).
 */
export function createCollectingSink(nodeId: string, limit = Number.POSITIVE_INFINITY): CollectingSink {
  let events: Event[] = [];
  let times: number[] = [];
  let total = 0;
  return {
    nodeId,
    get events() {
      return events.length > limit ? events.slice(events.length - limit) : events;
    },
    get times() {
      return times.length > limit ? times.slice(times.length - limit) : times;
    },
    get total() {
      return total;
    },
    write(batch, batchTimes) {
      total += batch.length;
      for (let i = 0; i < batch.length; i++) {
        events.push(batch[i] as Event);
        times.push(batchTimes[i] as number);
      }
      // Trim in chunks, not per event, to keep writes O(1) amortized.
      if (events.length > 2 * limit + 1024) {
        events = events.slice(events.length - limit);
        times = times.slice(times.length - limit);
      }
    },
  };
}
