/**
 * Holds events until the watermark passes them, then hands them out in event-time order, ties by
 * arrival: out-of-order arrival within the watermark bound yields the same sequence as sorted input.
 * Input that arrives in order (the common case) is never sorted.
 */
import type { Event } from '../../runtime/operator.js';

export interface Buffered<K> {
  readonly event: Event;
  readonly time: number;
  /** Arrival order, the tie-breaker. */
  readonly seq: number;
  readonly key: K;
}

export class EventTimeBuffer<K> {
  private items: Buffered<K>[] = [];
  private sorted = true;
  private lastTime = Number.NEGATIVE_INFINITY;
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  add(event: Event, time: number, key: K): void {
    this.items.push({ event, time, seq: this.nextSeq++, key });
    if (time < this.lastTime) this.sorted = false;
    else this.lastTime = time;
  }

  /** Removes and returns the events with time <= upTo, in (time, arrival) order. */
  drain(upTo: number): Buffered<K>[] {
    const items = this.items;
    if (items.length === 0) return [];
    if (!this.sorted) {
      items.sort((a, b) => a.time - b.time || a.seq - b.seq);
      this.sorted = true;
    }
    let n = 0;
    while (n < items.length && items[n]!.time <= upTo) n++;
    if (n === 0) return [];
    if (n === items.length) {
      this.items = [];
      this.lastTime = Number.NEGATIVE_INFINITY;
      return items;
    }
    this.items = items.slice(n);
    return items.slice(0, n);
  }

  /** Everything buffered, in arrival order of the buffer (for snapshots). */
  entries(): readonly Buffered<K>[] {
    return this.items;
  }

  /** Restores entries and the arrival counter written by a snapshot. */
  restore(entries: Buffered<K>[], nextSeq: number): void {
    this.items = [];
    this.sorted = true;
    this.lastTime = Number.NEGATIVE_INFINITY;
    for (const e of entries) {
      this.items.push(e);
      if (e.time < this.lastTime) this.sorted = false;
      else this.lastTime = e.time;
    }
    this.nextSeq = nextSeq;
  }

  get seq(): number {
    return this.nextSeq;
  }
}
