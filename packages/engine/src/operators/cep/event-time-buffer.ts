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
  /** Arrival order, the tie-breaker. */
  readonly seq: number;
  readonly key: K;
}

export class EventTimeBuffer<K> {
  private events: Event[] = [];
  private times: number[] = [];
  private seqs: number[] = [];
  private keys: K[] = [];
  private sorted = true;
  private lastTime = Number.NEGATIVE_INFINITY;
  private nextSeq = 0;

  get size(): number {
    return this.events.length;
  }

  /** The arrival counter (for snapshots). */
  get seq(): number {
    return this.nextSeq;
  }

  add(event: Event, time: number, key: K): void {
    this.events.push(event);
    this.times.push(time);
    this.seqs.push(this.nextSeq++);
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
      this.seqs.length = 0;
      keys.length = 0;
      this.lastTime = Number.NEGATIVE_INFINITY;
    } else {
      events.splice(0, n);
      times.splice(0, n);
      this.seqs.splice(0, n);
      keys.splice(0, n);
    }
  }

  private sort(): void {
    const order = this.events.map((_, i) => i);
    const { times, seqs } = this;
    order.sort((a, b) => times[a]! - times[b]! || seqs[a]! - seqs[b]!);
    this.events = order.map((i) => this.events[i]!);
    this.times = order.map((i) => times[i]!);
    this.seqs = order.map((i) => seqs[i]!);
    this.keys = order.map((i) => this.keys[i]!);
    this.sorted = true;
  }

  /** Everything buffered (for snapshots). */
  entries(): Buffered<K>[] {
    return this.events.map((event, i) => ({
      event,
      time: this.times[i]!,
      seq: this.seqs[i]!,
      key: this.keys[i]!,
    }));
  }

  /** Restores entries and the arrival counter written by a snapshot. */
  restore(entries: readonly Buffered<K>[], nextSeq: number): void {
    this.events = [];
    this.times = [];
    this.seqs = [];
    this.keys = [];
    this.sorted = true;
    this.lastTime = Number.NEGATIVE_INFINITY;
    for (const e of entries) {
      this.events.push(e.event);
      this.times.push(e.time);
      this.seqs.push(e.seq);
      this.keys.push(e.key);
      if (e.time < this.lastTime) this.sorted = false;
      else this.lastTime = e.time;
    }
    this.nextSeq = nextSeq;
  }
}
