import type { Source, SourcePoll } from '../host.js';

export interface HeldSource extends Source {
  /** The source returned its last event and waits for release() before it reports its end. */
  readonly holding: boolean;
  release(): void;
}

/**
 * A source that, once out of events, reports "nothing yet" until released instead of "ended": the
 * run then sits one step with every event processed and no end-of-input watermark, which is when
 * the preview reads operator state (partial matches still open) before the end flushes it.
 */
export function holdAtEnd(source: Source): HeldSource {
  let holding = false;
  let released = false;
  return {
    nodeId: source.nodeId,
    get holding() {
      return holding;
    },
    release() {
      released = true;
    },
    poll(maxEvents: number, now: number): SourcePoll {
      if (holding) return { events: [], ended: released };
      const polled = source.poll(maxEvents, now);
      if (!polled.ended || released) return polled;
      holding = true;
      return { events: polled.events, ended: false };
    },
    offset: () => source.offset(),
    restore: (offset) => source.restore(offset),
    close: () => source.close?.(),
  };
}
