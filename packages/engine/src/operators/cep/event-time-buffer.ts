/**
 * Holds events until the watermark passes them, then hands them out in event-time order, ties by
 * arrival: out-of-order arrival within the watermark bound yields the same sequence as sorted input.
 * Input that arrives in order (the common case) is never sorted. Parallel arrays rather than one
 * object per event, a moving head rather than removing from the front, and arrays that keep their
 * capacity (released slots are overwritten, not reallocated): the buffer sits on the hot path of
 * every event.
 */
import type { Event } from '../../runtime/operator.js';

export interface Buffered<K> {
  readonly event: Event;
  readonly time: number;
  readonly key: K;
}

/**
 * Receives released events. An object with a method rather than a callback: every operator shares
 * the method, so the call in drain() stays monomorphic and inlined however many operators run (a
 * callback is a different closure per operator, and V8 deoptimizes on each new one).
 */
export interface BufferVisitor<K> {
  release(event: Event, time: number, key: K): void;
}

/** Waiting events are moved down to the front once the released slots before them are this many and at least half. */
const COMPACT_AT = 4096;

export class EventTimeBuffer<K> {
  private events: (Event | null)[] = [];
  private times: number[] = [];
  private keys: (K | null)[] = [];
  /** Index of the first event still waiting; slots before it were released (and cleared). */
  private head = 0;
  /** One past the last waiting event; slots from here on are free (cleared) capacity. */
  private end = 0;
  private sorted = true;
  private lastTime = Number.NEGATIVE_INFINITY;

  get size(): number {
    return this.end - this.head;
  }

  add(event: Event, time: number, key: K): void {
    const i = this.end++;
    if (i === this.events.length) {
      this.events.push(event);
      this.times.push(time);
      this.keys.push(key);
    } else {
      this.events[i] = event;
      this.times[i] = time;
      this.keys[i] = key;
    }
    if (time < this.lastTime) this.sorted = false;
    else this.lastTime = time;
  }

  /** Removes the events with time <= upTo and passes them to `visitor` in (time, arrival) order; it must not add. */
  drain(upTo: number, visitor: BufferVisitor<K>): void {
    if (this.end === this.head) return;
    if (!this.sorted) this.sort();
    const { events, times, keys, end } = this;
    const from = this.head;
    let to = from;
    while (to < end && times[to]! <= upTo) to++;
    if (to === from) return;
    this.head = to;
    for (let i = from; i < to; i++) {
      const event = events[i]!;
      const key = keys[i]!;
      // cleared as released: the buffer keeps no event alive after handing it out
      events[i] = null;
      keys[i] = null;
      visitor.release(event, times[i]!, key);
    }
    if (to === end) {
      this.head = 0;
      this.end = 0;
      this.lastTime = Number.NEGATIVE_INFINITY;
    } else if (to >= COMPACT_AT && to * 2 >= end) {
      const rest = end - to;
      for (let i = 0; i < rest; i++) {
        events[i] = events[to + i]!;
        times[i] = times[to + i]!;
        keys[i] = keys[to + i]!;
        events[to + i] = null;
        keys[to + i] = null;
      }
      this.head = 0;
      this.end = rest;
    }
  }

  /**
   * By time, ties by arrival: the waiting events are in arrival order except for a sorted prefix of
   * earlier arrivals, so position order is arrival order among equal times, and a stable sort keeps it.
   */
  private sort(): void {
    const { times, events, keys, head, end } = this;
    const order: number[] = [];
    for (let i = head; i < end; i++) order.push(i);
    order.sort((a, b) => times[a]! - times[b]!);
    this.events = order.map((i) => events[i]!);
    this.times = order.map((i) => times[i]!);
    this.keys = order.map((i) => keys[i]!);
    this.head = 0;
    this.end = order.length;
    this.sorted = true;
  }

  /** The waiting events, in buffer order (for snapshots). */
  entries(): Buffered<K>[] {
    const out: Buffered<K>[] = [];
    for (let i = this.head; i < this.end; i++)
      out.push({ event: this.events[i]!, time: this.times[i]!, key: this.keys[i]! });
    return out;
  }

  /** Restores entries, in the order entries() gave them (which carries the arrival order of ties). */
  restore(entries: readonly Buffered<K>[]): void {
    this.events = [];
    this.times = [];
    this.keys = [];
    this.head = 0;
    this.end = 0;
    this.sorted = true;
    this.lastTime = Number.NEGATIVE_INFINITY;
    for (const e of entries) this.add(e.event, e.time, e.key);
  }
}
