import type { Source, SourcePoll } from '@eventide/engine';
import { DEFAULT_EVENT_LIMITS, type EventLimits } from '@eventide/shared';
import { IngestQueue, type OfferResult } from '../connectors/ingest-queue.js';
import type { IngestLog } from './ingest-log.js';

export type IngestOffer = OfferResult | { unavailable: string };

const unavailable = (e: unknown): IngestOffer => ({
  unavailable: `cannot log the events: ${e instanceof Error ? e.message : String(e)}`,
});

/**
 * Where an ingest endpoint puts events: a running pipeline's source, in the run's worker behind a
 * message (RunManager.ingestQueue), or an IngestSource itself (tests).
 */
export interface IngestTarget {
  readonly capacity: number;
  /** What the endpoint refuses before offering (the document's settings.limits). */
  readonly limits: EventLimits;
  offer(events: Record<string, unknown>[]): IngestOffer | Promise<IngestOffer>;
}

/** The queue size of an ingest node (params.maxQueue, default 10,000). */
export function ingestCapacity(params: Record<string, unknown>): number {
  return Number(params.maxQueue ?? 10_000);
}

/**
 * An http-ingest or websocket-ingest node: a bounded queue the server fills and the engine drains.
 * With a log (the server), every accepted event is on disk before it is acknowledged; the
 * checkpoint offset counts the events consumed, and a restore re-queues the rest from the log, so
 * an accepted event survives a crash. Without one (tests), the offset carries the queued events.
 */
export class IngestSource implements Source {
  private readonly queue: IngestQueue;
  private consumed = 0;
  /** Events appended to the log and waiting for its fdatasync before they join the queue. */
  private syncing = 0;
  /** Called after events were queued: the run manager wakes the run, so they do not wait for its idle timer. */
  onQueued: (() => void) | undefined;

  constructor(
    readonly nodeId: string,
    /** source.http-ingest or source.websocket-ingest: each endpoint feeds only its own kind. */
    readonly kind: string,
    capacity: number,
    private readonly log?: IngestLog,
    /** What the endpoints refuse before offering (the document's settings.limits). */
    readonly limits: EventLimits = DEFAULT_EVENT_LIMITS,
  ) {
    this.queue = new IngestQueue(capacity);
  }

  get size(): number {
    return this.queue.size;
  }

  get capacity(): number {
    return this.queue.capacity;
  }

  /**
   * All of the batch or none of it, so a refused client can retry the same body. With a log, the
   * events join the queue once their group fdatasync is done (so the run never consumes an event
   * the log could still lose), and the answer follows at once: a run that then blocks on one of
   * them has already answered.
   */
  offer(events: Record<string, unknown>[]): IngestOffer | Promise<IngestOffer> {
    if (this.queue.size + this.syncing + events.length > this.queue.capacity)
      return this.queue.offer(events, this.syncing);
    const log = this.log;
    if (!log) return this.enqueue(events);
    try {
      log.append(events);
    } catch (e) {
      return unavailable(e);
    }
    this.syncing += events.length;
    // Syncs resolve in the order of their appends, so batches join the queue in arrival order.
    return log.sync().then(
      () => {
        this.syncing -= events.length;
        return this.enqueue(events);
      },
      (e: unknown) => {
        this.syncing -= events.length;
        return unavailable(e);
      },
    );
  }

  private enqueue(events: Record<string, unknown>[]): IngestOffer {
    const result = this.queue.offer(events, this.syncing);
    if ('accepted' in result && result.accepted > 0) this.onQueued?.();
    return result;
  }

  poll(maxEvents: number): SourcePoll {
    const events = this.queue.take(maxEvents);
    this.consumed += events.length;
    // Drained: the runtime pushes this request's events at once rather than after maxDelayMs.
    return { events, ended: false, drained: this.queue.size === 0 };
  }

  offset(): unknown {
    return this.log
      ? { consumed: this.consumed }
      : { consumed: this.consumed, queued: this.queue.snapshot() };
  }

  restore(offset: unknown): void {
    const o = (offset ?? {}) as { consumed?: unknown; queued?: unknown };
    this.consumed = typeof o.consumed === 'number' ? o.consumed : 0;
    if (this.log) this.queue.restore(this.log.readFrom(this.consumed));
    else if (Array.isArray(o.queued)) this.queue.restore(o.queued as Record<string, unknown>[]);
  }

  /** A checkpoint with this source's `offset` is on disk: the log before it is no longer needed. */
  checkpointed(offset: unknown): void {
    const consumed = (offset as { consumed?: unknown } | null)?.consumed;
    if (typeof consumed === 'number') this.log?.prune(consumed);
  }

  close(): void {
    this.log?.close();
  }
}
