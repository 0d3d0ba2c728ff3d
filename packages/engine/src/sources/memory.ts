import type { Source, SourcePoll } from '../host.js';
import type { Event } from '../runtime/operator.js';

/** A bounded, replayable source over an array: tests, previews, `runBounded` inputs. Offset = index. */
export function createMemorySource(nodeId: string, events: readonly Event[]): Source {
  let next = 0;
  return {
    nodeId,
    poll(maxEvents: number): SourcePoll {
      const end = Math.min(events.length, next + maxEvents);
      const batch = events.slice(next, end);
      next = end;
      return { events: batch, ended: next >= events.length };
    },
    offset: () => next,
    restore(offset: unknown) {
      next = typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : 0;
    },
  };
}
