export type OfferResult = { accepted: number } | { full: true; retryAfterSec: number; free: number };

/**
 * The bounded queue behind an http-ingest or websocket-ingest source. A batch is accepted whole or
 * refused whole (so a client can retry it as is); what is accepted stays until the engine takes it,
 * and queued events are part of the source's checkpoint state, so they are never dropped.
 */
export class IngestQueue {
  private items: Record<string, unknown>[] = [];
  private head = 0;
  accepted = 0;
  refused = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length - this.head;
  }

  offer(events: Record<string, unknown>[]): OfferResult {
    const free = this.capacity - this.size;
    if (events.length > free) {
      this.refused += events.length;
      // The engine drains a full queue within a few micro-batches; a second is a polite retry hint.
      return { full: true, retryAfterSec: 1, free };
    }
    for (const e of events) this.items.push(e);
    this.accepted += events.length;
    return { accepted: events.length };
  }

  take(max: number): Record<string, unknown>[] {
    const end = Math.min(this.items.length, this.head + max);
    const out = this.items.slice(this.head, end);
    this.head = end;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** Queued events, for a checkpoint. */
  snapshot(): Record<string, unknown>[] {
    return this.items.slice(this.head);
  }

  restore(events: Record<string, unknown>[]): void {
    this.items = [...events];
    this.head = 0;
  }
}
