/**
 * Holds events until the watermark passes them, then hands them out in event-time order, ties by
 * arrival: out-of-order arrival within the watermark bound yields the same sequence as sorted input.
 * Input that arrives in order (the common case) is never sorted. Parallel arrays rather than one
 * object per event: the buffer sits on the hot path of every event.
 */
import type { Event } from '../../runtime/operator.js';

export interface Buffered<K> {
  readonly event: Event;
  readonly time: number;
  readonly key: K;
}

export class EventTimeBuffer<K> {
  private events: Event[] = [];
  private times: number[] = [];
  private keys: K[] = [];
  private sorted = true;
  private lastTime = Number.NEGATIVE_INFINITY;

  get size(): number {
    return this.events.length;
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
    if (this.events.length === 0) return;
    if (!this.sorted) this.sort();
    const { events, times, keys } = this;
    let n = 0;
    while (n < times.length && times[n]! <= upTo) n++;
    if (n === 0) return;
    for (let i = 0; i < n; i++) visit(events[i]!, times[i]!, keys[i]!);
    if (n === events.length) {
      events.length = 0;
      times.length = 0;
      keys.length = 0;
      this.lastTime = Number.NEGATIVE_INFINITY;
    } else {
      events.splice(0, n);
      times.splice(0, n);
      keys.splice(0, n);
    }
  }

  /**
   * By time, ties by arrival: the buffer is in arrival order except for a sorted prefix of earlier
   * arrivals, so position order is arrival order among equal times, and a stable sort keeps it.
   */
  private sort(): void {
    const times = this.times;
    const order = this.events.map((_, i) => i);
    order.sort((a, b) => times[a]! - times[b]!);
    this.events = order.map((i) => this.events[i]!);
    this.times = order.map((i) => times[i]!);
    this.keys = order.map((i) => this.keys[i]!);
    this.sorted = true;
  }

  /** Everything buffered (for snapshots). */
  entries(): Buffered<K>[] {
    return this.events.map((event, i) => ({
      event,
      time: this.times[i]!,
      key: this.keys[i]!,
    }));
  }

  /** Restores entries, in the order entries() gave them (which carries the arrival order of ties). */
  restore(entries: readonly Buffered<K>[]): void {
    this.events = [];
    this.times = [];
    this.keys = [];
    this.sorted = true;
    this.lastTime = Number.NEGATIVE_INFINITY;
    for (const e of entries) {
      this.events.push(e.event);
      this.times.push(e.time);
      this.keys.push(e.key);
      if (e.time < this.lastTime) this.sorted = false;
      else this.lastTime = e.time;
    }
  }
}
