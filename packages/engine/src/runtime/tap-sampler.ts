import type { BatchListener } from '../host.js';
import { draw } from '../sources/prng.js';
import type { Event } from './operator.js';

/** How long one sampling interval lasts, in ms of processing time. */
export const TAP_INTERVAL_MS = 1000;

/**
 * A tap's sample of an edge: every event of an interval (that passes the tap's filter) has the
 * same chance to be shown, whatever batch it came in (reservoir sampling, Vitter's algorithm R),
 * and at most `perInterval` events per interval reach the listener, in arrival order, when the
 * interval ends. The random draws are seeded, so a replay shows the same sample.
 */
export class TapSampler {
  private readonly events: Event[] = [];
  private readonly times: number[] = [];
  /** Arrival index within the interval of each kept event, to hand them out in arrival order. */
  private readonly order: number[] = [];
  private seen = 0;
  private drawn = 0;
  private intervalStart: number;

  constructor(
    private readonly listener: BatchListener,
    private readonly perInterval: number,
    now: number,
    private readonly filter: ((event: Event) => boolean) | undefined,
    private readonly seed: number,
  ) {
    this.intervalStart = now;
  }

  offer(events: readonly Event[], times: readonly number[], now: number): void {
    this.flushIfDue(now);
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (this.filter && !this.passes(event)) continue;
      const index = this.seen++;
      if (this.events.length < this.perInterval) {
        this.keep(this.events.length, event, times[i]!, index);
        continue;
      }
      const slot = Math.floor(draw(this.seed, this.drawn++, 0) * (index + 1));
      if (slot < this.perInterval) this.keep(slot, event, times[i]!, index);
    }
  }

  /** Hands the interval's sample to the listener once the interval is over (called every step too). */
  flushIfDue(now: number): void {
    if (now - this.intervalStart < TAP_INTERVAL_MS) return;
    this.intervalStart = now;
    this.flush();
  }

  /** Hands out what the current interval holds (also at the end of the run). */
  flush(): void {
    const n = this.events.length;
    if (n > 0) {
      const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.order[a]! - this.order[b]!);
      this.listener(
        idx.map((i) => this.events[i]!),
        idx.map((i) => this.times[i]!),
      );
    }
    this.events.length = 0;
    this.times.length = 0;
    this.order.length = 0;
    this.seen = 0;
  }

  private keep(slot: number, event: Event, time: number, index: number): void {
    this.events[slot] = event;
    this.times[slot] = time;
    this.order[slot] = index;
  }

  /** An event the filter cannot evaluate (a missing field, a wrong type) is simply not shown. */
  private passes(event: Event): boolean {
    try {
      return this.filter!(event);
    } catch {
      return false;
    }
  }
}
