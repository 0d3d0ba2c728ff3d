import type { Source, SourcePoll } from '@eventide/engine';
import { DEFAULT_EVENT_LIMITS, type EventLimits } from '@eventide/shared';
import { IngestQueue, type OfferResult } from '../connectors/ingest-queue.js';
import { groupFdatasync } from './group-fdatasync.js';
import type { IngestLog } from './ingest-log.js';

const unavailable = (e: unknown): { unavailable: string } => ({
  unavailable: `cannot log the events: ${e instanceof Error ? e.message : String(e)}`,
});

/** `logFd`: the accepted events are in this write-ahead log file, not yet known to be on disk. */
export type IngestOffer = OfferResult | { accepted: number; logFd: number } | { unavailable: string };

/** An offer answered only once its events are on disk: what an endpoint may acknowledge. */
export async function offerDurably(
  target: IngestTarget,
  events: Record<string, unknown>[],
): Promise<Exclude<IngestOffer, { logFd: number }>> {
  const result = await target.offer(events);
  if (!('logFd' in result)) return result;
  try {
    await groupFdatasync.sync(result.logFd);
  } catch (e) {
    return unavailable(e);
  }
  return { accepted: result.accepted };
}

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
   * events are written to it and queued at once, and the answer names the log's file: the client
   * hears 202 once a group fdatasync of it is done (offerDurably), while the run already has the
   * events. A checkpoint syncs the log before it counts them consumed (offset), so none it covers
   * can be lost; a failed fdatasync answers 503, and the client's retry may deliver them twice.
   */
  offer(events: Record<string, unknown>[]): IngestOffer {
    if (this.queue.size + events.length > this.queue.capacity) return this.queue.offer(events);
    const log = this.log;
    try {
      log?.append(events);
    } catch (e) {
      return unavailable(e);
    }
    const result = this.queue.offer(events);
    if (!('accepted' in result) || result.accepted === 0) return result;
    this.onQueued?.();
    return log?.fd === undefined ? result : { ...result, logFd: log.fd };
  }

  poll(maxEvents: number): SourcePoll {
    const events = this.queue.take(maxEvents);
    this.consumed += events.length;
    // Drained: the runtime pushes this request's events at once rather than after maxDelayMs.
    return { events, ended: false, drained: this.queue.size === 0 };
  }

  offset(): unknown {
    this.log?.syncNow();
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
