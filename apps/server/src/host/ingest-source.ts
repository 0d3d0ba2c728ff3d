import type { Source, SourcePoll } from '@eventide/engine';
import { IngestQueue, type OfferResult } from '../connectors/ingest-queue.js';

/**
 * An http-ingest or websocket-ingest node: a bounded queue the server fills and the engine drains.
 * Its checkpoint offset holds the events still queued, so what was accepted before a checkpoint
 * survives a restart.
 */
export class IngestSource implements Source {
  private readonly queue: IngestQueue;

  constructor(
    readonly nodeId: string,
    /** source.http-ingest or source.websocket-ingest: each endpoint feeds only its own kind. */
    readonly kind: string,
    capacity: number,
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
  offer(events: Record<string, unknown>[]): OfferResult {
    return this.queue.offer(events);
  }

  poll(maxEvents: number): SourcePoll {
    return { events: this.queue.take(maxEvents), ended: false };
  }

  offset(): unknown {
    return { queued: this.queue.snapshot() };
  }

  restore(offset: unknown): void {
    const queued = (offset as { queued?: unknown } | null)?.queued;
    if (Array.isArray(queued)) this.queue.restore(queued as Record<string, unknown>[]);
  }
}
