import type { Source, SourcePoll } from '@eventide/engine';
import { DEFAULT_EVENT_LIMITS, type EventLimits } from '@eventide/shared';
import { IngestQueue, type OfferResult } from '../connectors/ingest-queue.js';
import type { IngestLog } from './ingest-log.js';

export type IngestOffer = OfferResult | { unavailable: string };

/**
 * An http-ingest or websocket-ingest node: a bounded queue the server fills and the engine drains.
 * With a log (the server), every accepted event is on disk before it is acknowledged; the
 * checkpoint offset counts the events consumed, and a restore re-queues the rest from the log, so
 * an accepted event survives a crash. Without one (tests), the offset carries the queued events.
 */
export class IngestSource implements Source {
  private readonly queue: IngestQueue;
  private consumed = 0;

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

  /** All of the batch or none of it, so a refused client can retry the same body. */
  offer(events: Record<string, unknown>[]): IngestOffer {
    if (this.queue.size + events.length > this.queue.capacity) return this.queue.offer(events);
    try {
      this.log?.append(events);
    } catch (e) {
      return { unavailable: `cannot log the events: ${(e as Error).message}` };
    }
    return this.queue.offer(events);
  }

  poll(maxEvents: number): SourcePoll {
    const events = this.queue.take(maxEvents);
    this.consumed += events.length;
    return { events, ended: false };
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
