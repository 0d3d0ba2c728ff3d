/**
 * Holds events until the watermark passes them, then hands them out in event-time order, ties by
 * arrival: out-of-order arrival within the watermark bound yields the same sequence as sorted input.
 * Input that arrives in order (the common case) is never sorted. Parallel arrays rather than one
 * object per event, and a moving head rather than removing from the front: the buffer sits on the
 * hot path of every event.
 */
import type { Event } from '../../runtime/operator.js';

export interface Buffered<K> {
  readonly event: Event;
  readonly time: number;
  readonly key: K;
}

/** Released slots are reclaimed once they are this many and at least half of the arrays. */
const COMPACT_AT = 4096;

export class EventTimeBuffer<K> {
  private events: Event[] = [];
  private times: number[] = [];
  private keys: K[] = [];
  /** Index of the first event still waiting; slots before it were released. */
  private head = 0;
  private sorted = true;
  private lastTime = Number.NEGATIVE_INFINITY;

  get size(): number {
    return this.events.length - this.head;
  }

  add(event: Event, time: number, key: K): void {
    this.events.push(event);
    this.times.push(time);
    this.keys.push(key);
    if (time < this.lastTime) this.sorted = false;
    else this.lastTime = time;
  }

  /** Removes the events with time <= upTo and passes them to `visit` in (time, arrival) order; `visit` must not add. */
  drain(upTo: number, visit: (event: Event, time: number, key: K) => void): void {
    if (this.size === 0) return;
    if (!this.sorted) this.sort();
    const { events, times, keys } = this;
    const from = this.head;
    let to = from;
    while (to < times.length && times[to]! <= upTo) to++;
    if (to === from) return;
    this.head = to;
    for (let i = from; i < to; i++) visit(events[i]!, times[i]!, keys[i]!);
    if (to === events.length) {
      events.length = 0;
      times.length = 0;
      keys.length = 0;
      this.head = 0;
      this.lastTime = Number.NEGATIVE_INFINITY;
    } else if (to >= COMPACT_AT && to * 2 >= events.length) {
      events.splice(0, to);
      times.splice(0, to);
      keys.splice(0, to);
      this.head = 0;
    }
  }

  /**
   * By time, ties by arrival: the waiting events are in arrival order except for a sorted prefix of
   * earlier arrivals, so position order is arrival order among equal times, and a stable sort keeps it.
   */
  private sort(): void {
    const { times, events, keys, head } = this;
    const order: number[] = [];
    for (let i = head; i < events.length; i++) order.push(i);
    order.sort((a, b) => times[a]! - times[b]!);
    this.events = order.map((i) => events[i]!);
    this.times = order.map((i) => times[i]!);
    this.keys = order.map((i) => keys[i]!);
    this.head = 0;
    this.sorted = true;
  }

  /** The waiting events, in buffer order (for snapshots). */
  entries(): Buffered<K>[] {
    const out: Buffered<K>[] = [];
    for (let i = this.head; i < this.events.length; i++)
      out.push({ event: this.events[i]!, time: this.times[i]!, key: this.keys[i]! });
    return out;
  }

  /** Restores entries, in the order entries() gave them (which carries the arrival order of ties). */
  restore(entries: readonly Buffered<K>[]): void {
    this.events = [];
    this.times = [];
    this.keys = [];
    this.head = 0;
    this.sorted = true;
    this.lastTime = Number.NEGATIVE_INFINITY;
    for (const e of entries) this.add(e.event, e.time, e.key);
  }
}
