/**
 * Local top-N before a gathering exchange into an unkeyed window.top-n (Flink's local-global
 * aggregation): each sending instance keeps, per tumbling window, the n events that rank first by
 * the window's own rule (value, then earlier time, then earlier arrival) and sends them, with their
 * own times, when its watermark passes the window, before that watermark. The single global top-N
 * then ranks at most n events per window per instance instead of every event. The global result is
 * the same: an event in the global first n is in the first n of its own instance. Ties of equal
 * value and equal time from different instances rank by arrival at the global, which is the one
 * thing parallelism changes (parallelism-design.md, ordering).
 * Anything the combiner cannot judge (no valid time, a non-numeric value, a window it already sent)
 * passes straight through, so the global operator reports it as it would have.
 */
import type { Event } from '../runtime/operator.js';

export interface TopNCombine {
  type: 'top-n';
  sizeMs: number;
  offsetMs: number;
  orderBy: string;
  descending: boolean;
  n: number;
}

interface Kept {
  e: Event;
  v: number;
  t: number;
  q: number;
}

/** What the combiner hands on: events and their times, in the order to send them. */
export type Emit = (events: Event[], times: number[]) => void;

export class TopNCombiner {
  private readonly windows = new Map<number, Kept[]>();
  private watermark = Number.NEGATIVE_INFINITY;
  private seq = 0;

  constructor(private readonly p: TopNCombine) {}

  private before(a: Kept, b: Kept): boolean {
    if (a.v !== b.v) return this.p.descending ? a.v > b.v : a.v < b.v;
    return a.t < b.t || (a.t === b.t && a.q < b.q);
  }

  add(events: Event[], times: number[], emit: Emit): void {
    const { sizeMs, offsetMs, orderBy, n } = this.p;
    const passEvents: Event[] = [];
    const passTimes: number[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as Event;
      const t = times[i] as number;
      const v = e[orderBy];
      const end = Math.floor((t - offsetMs) / sizeMs) * sizeMs + offsetMs + sizeMs;
      if (!Number.isFinite(t) || typeof v !== 'number' || Number.isNaN(v) || end - 1 <= this.watermark) {
        passEvents.push(e);
        passTimes.push(t);
        continue;
      }
      let list = this.windows.get(end);
      if (list === undefined) {
        list = [];
        this.windows.set(end, list);
      }
      const entry: Kept = { e, v, t, q: this.seq++ };
      if (list.length === n && !this.before(entry, list[n - 1] as Kept)) continue;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.before(entry, list[mid] as Kept)) hi = mid;
        else lo = mid + 1;
      }
      list.splice(lo, 0, entry);
      if (list.length > n) list.pop();
    }
    if (passEvents.length > 0) emit(passEvents, passTimes);
  }

  /** Sends the windows the watermark passed, by window end, each in rank order. */
  onWatermark(watermark: number, emit: Emit): void {
    this.watermark = Math.max(this.watermark, watermark);
    const due = [...this.windows.keys()].filter((end) => end - 1 <= this.watermark).sort((a, b) => a - b);
    if (due.length === 0) return;
    const events: Event[] = [];
    const times: number[] = [];
    for (const end of due) {
      for (const k of this.windows.get(end) as Kept[]) {
        events.push(k.e);
        times.push(k.t);
      }
      this.windows.delete(end);
    }
    emit(events, times);
  }

  /** Plain JSON for the checkpoint: the kept events, their order and the watermark. */
  snapshot(): unknown {
    return {
      // JSON has no infinities: -Inf (nothing passed yet) is null, +Inf (input ended) "+Inf".
      watermark: Number.isFinite(this.watermark) ? this.watermark : this.watermark > 0 ? '+Inf' : null,
      seq: this.seq,
      windows: [...this.windows].map(([end, list]) => [end, list.map((k) => [k.e, k.v, k.t, k.q])]),
    };
  }

  restore(state: unknown): void {
    if (state === null || typeof state !== 'object') return;
    const s = state as {
      watermark: number | string | null;
      seq: number;
      windows: [number, [Event, number, number, number][]][];
    };
    this.watermark =
      typeof s.watermark === 'number'
        ? s.watermark
        : s.watermark === '+Inf'
          ? Number.POSITIVE_INFINITY
          : Number.NEGATIVE_INFINITY;
    this.seq = s.seq;
    this.windows.clear();
    for (const [end, list] of s.windows)
      this.windows.set(
        end,
        list.map(([e, v, t, q]) => ({ e, v, t, q })),
      );
  }
}
