/**
 * Local top-N before the exchange into a window.top-n (Flink's local-global aggregation): each
 * sending instance keeps, per tumbling window and key, what the window's own rank rule keeps
 * (rank-rule.ts) and sends it, with the events' own times, when its watermark passes the window,
 * before that watermark. The top-N behind the exchange (one instance when unkeyed, or the instance
 * of each key) then ranks at most n events per window, key and sending instance instead of every
 * event. The result is the same: an event in the first n of its window and key is in the first n
 * of its own instance, and with ties an event of rank <= n has fewer than n better events in its
 * own instance too, so its local rank is <= n. Ties of equal value and equal time from different
 * instances rank by arrival behind the exchange, which is the one thing parallelism changes
 * (parallelism-design.md, ordering).
 * Anything the combiner cannot judge (no valid time, a non-numeric value, a window it already sent)
 * passes straight through, so the global operator reports it as it would have.
 */
import { KeyExtractor } from '../operators/window/key.js';
import { keptList, type Ranked, RankRule } from '../operators/window/rank-rule.js';
import { alignedStart } from '../operators/window/window-params.js';
import type { Event } from '../runtime/operator.js';

export interface TopNCombine {
  type: 'top-n';
  sizeMs: number;
  offsetMs: number;
  orderBy: string;
  descending: boolean;
  n: number;
  withTies: boolean;
  /** The key fields of the top-N behind the exchange; none when it is unkeyed. */
  key: string[];
}

/** What the combiner hands on: events and their times, in the order to send them. */
export type Emit = (events: Event[], times: number[]) => void;

export class TopNCombiner {
  /** Per window end, per key id, what the rank rule keeps, best first. */
  private readonly windows = new Map<number, Map<unknown, Ranked[]>>();
  private readonly rule: RankRule;
  private readonly key: KeyExtractor;
  private watermark = Number.NEGATIVE_INFINITY;
  private seq = 0;

  constructor(private readonly p: TopNCombine) {
    this.rule = new RankRule(p.n, p.descending, p.withTies);
    this.key = new KeyExtractor(p.key);
  }

  add(events: Event[], times: number[], emit: Emit): void {
    const { sizeMs, offsetMs, orderBy } = this.p;
    const passEvents: Event[] = [];
    const passTimes: number[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as Event;
      const t = times[i] as number;
      const v = e[orderBy];
      const end = alignedStart(t, sizeMs, offsetMs) + sizeMs;
      if (!Number.isFinite(t) || typeof v !== 'number' || Number.isNaN(v) || end - 1 <= this.watermark) {
        passEvents.push(e);
        passTimes.push(t);
        continue;
      }
      let keys = this.windows.get(end);
      if (keys === undefined) {
        keys = new Map();
        this.windows.set(end, keys);
      }
      this.rule.insert(keptList(keys, this.key.id(e)), { e, v, t, q: this.seq++ });
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
      for (const list of (this.windows.get(end) as Map<unknown, Ranked[]>).values())
        for (const k of list) {
          events.push(k.e);
          times.push(k.t);
        }
      this.windows.delete(end);
    }
    emit(events, times);
  }

  /**
   * Plain JSON for the checkpoint: the kept events of each window, key by key in rank order, and the
   * watermark. Keys are not written: restore() takes them from the events again.
   */
  snapshot(): unknown {
    return {
      // JSON has no infinities: -Inf (nothing passed yet) is null, +Inf (input ended) "+Inf".
      watermark: Number.isFinite(this.watermark) ? this.watermark : this.watermark > 0 ? '+Inf' : null,
      seq: this.seq,
      windows: [...this.windows].map(([end, keys]) => [
        end,
        [...keys.values()].flatMap((list) => list.map((k) => [k.e, k.v, k.t, k.q])),
      ]),
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
    for (const [end, list] of s.windows) {
      const keys = new Map<unknown, Ranked[]>();
      // Saved key by key in rank order: pushed back in that order, each list is as it was.
      for (const [e, v, t, q] of list) keptList(keys, this.key.id(e)).push({ e, v, t, q });
      this.windows.set(end, keys);
    }
  }
}
