/**
 * Local pre-aggregation before a hash exchange into a keyed session window (window-combiner.ts does
 * it for tumbling and sliding windows; partial-aggregates.ts holds the parts both fold): each
 * sending instance folds the events of one key in a bundle into a group while their times span less
 * than the gap, and sends the group as two partials: one at its earliest time with every part,
 * standing for all its events but one, and one at its latest time with no part, standing for the
 * last. A Nexmark hot bidder, three quarters of q11's bids, becomes two partials per bundle instead
 * of thousands of events crossing to the one instance that owns it.
 *
 * Why the sessions are the same: the window opens [t, t + gap) for each event and merges the
 * sessions of its key that window overlaps or touches. Times spanning less than the gap open
 * windows whose union is [first, last + gap), which the windows of the two ends alone cover, so the
 * two partials merge exactly the sessions the events would have, into the same [start, end), and
 * the parts add up to the events' aggregates. Only events whose own session ends after the sender's
 * watermark (t + gap - 1 > watermark) are folded: the window's watermark is never ahead of the
 * sender's, so none of them is late or due at once (an update per event), and no bundle holds a
 * watermark (the exchange sends it after the drain). Anything else goes alone, as a partial of one
 * event (or as it is, when the window would reject it), after what its key's group held so far: per
 * key the window sees events in the order they came, which its lateness, judged on merged
 * sessions, depends on. A barrier flushes first, so a bundle is never part of a checkpoint.
 */
import type { Event } from '../runtime/operator.js';
import { GroupIndex } from './group-index.js';
import { type CombinedAggregation, MAX_BUNDLE_GROUPS, PartialAggregates } from './partial-aggregates.js';
import type { Emit } from './top-n-combiner.js';

export interface SessionCombine {
  type: 'session';
  gapMs: number;
  /** The window's key fields: a partial holds their values, as the events it stands for did. */
  key: string[];
  /** The window's aggregations (partial-aggregates.ts: what a partial holds of each). */
  aggregations: CombinedAggregation[];
}

/** The id of a group sent before the end of its bundle: no key's id is this. */
const SENT = Symbol('sent');

export class SessionCombiner {
  private readonly aggregates: PartialAggregates;
  private readonly gap: number;
  /**
   * The bundle's groups as columns, kept and written over from bundle to bundle (window-combiner.ts
   * says why): group g < n has key id ids[g], its earliest and latest time, its events, and its
   * parts at parts[g * width ...]. `index` is emptied at each drain but may hold the ids of groups
   * sent before it: an id's group is g only when ids[g] is that id (NaN never is, so a NaN key's
   * events each go as their own group, which the window merges all the same).
   */
  private n = 0;
  private readonly index = new GroupIndex();
  private readonly ids: unknown[] = [];
  private readonly first: number[] = [];
  private readonly last: number[] = [];
  private readonly events: number[] = [];
  private readonly parts: unknown[] = [];
  /** The parts of the partial at a group's latest time: none. */
  private readonly noParts: unknown[] = [];
  /** The sender's watermark: the window's is never ahead of it. */
  private watermark = Number.NEGATIVE_INFINITY;

  constructor(p: SessionCombine) {
    this.aggregates = new PartialAggregates(p.key, p.aggregations);
    this.gap = p.gapMs;
    this.aggregates.empty(this.noParts, 0);
  }

  add(events: Event[], times: number[], emit: Emit): void {
    const aggregates = this.aggregates;
    const width = aggregates.width;
    const gap = this.gap;
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as Event;
      const t = times[i] as number;
      const id = aggregates.key.id(e);
      let g = this.index.get(id);
      if (g !== undefined && this.ids[g] !== id) g = undefined;
      const rejected = aggregates.rejects(e);
      if (rejected || !Number.isFinite(t) || t + gap - 1 <= this.watermark) {
        // The window judges it alone (late, due, no valid time, rejected), after the key's events before it.
        if (g !== undefined) this.send(g, emit);
        emit([rejected ? e : aggregates.single(e)], [t]);
        continue;
      }
      if (g !== undefined) {
        const first = this.first[g] as number;
        const last = this.last[g] as number;
        if (Math.max(last, t) - Math.min(first, t) >= gap) {
          // Its window might not overlap the group's ends: the group goes first, and it starts another.
          this.send(g, emit);
          g = undefined;
        } else if (t < first) this.first[g] = t;
        else if (t > last) this.last[g] = t;
      }
      if (g === undefined) g = this.newGroup(id, t);
      this.events[g] = (this.events[g] as number) + 1;
      aggregates.fold(this.parts, g * width, e);
    }
    if (this.n >= MAX_BUNDLE_GROUPS) this.drain(emit);
  }

  /** The sender's watermark moved: events whose sessions it reached are no longer folded. */
  onWatermark(watermark: number): void {
    if (watermark > this.watermark) this.watermark = watermark;
  }

  /** Sends the bundle's groups and starts a new bundle. */
  drain(emit: Emit): void {
    if (this.n === 0) return;
    const events: Event[] = [];
    const times: number[] = [];
    for (let g = 0; g < this.n; g++) if (this.ids[g] !== SENT) this.partials(g, events, times);
    this.n = 0;
    this.index.clear();
    emit(events, times);
  }

  private newGroup(id: unknown, t: number): number {
    const g = this.n++;
    this.index.set(id, g);
    this.ids[g] = id;
    this.first[g] = t;
    this.last[g] = t;
    this.events[g] = 0;
    this.aggregates.empty(this.parts, g * this.aggregates.width);
    return g;
  }

  /** Sends group g before the end of its bundle. */
  private send(g: number, emit: Emit): void {
    const events: Event[] = [];
    const times: number[] = [];
    this.partials(g, events, times);
    this.ids[g] = SENT;
    emit(events, times);
  }

  /** Group g as one partial, or two when its events span some time. */
  private partials(g: number, into: Event[], times: number[]): void {
    const id = this.ids[g];
    const n = this.events[g] as number;
    const first = this.first[g] as number;
    const last = this.last[g] as number;
    const aggregates = this.aggregates;
    into.push(aggregates.partial(id, last > first ? n - 1 : n, this.parts, g * aggregates.width));
    times.push(first);
    if (last > first) {
      into.push(aggregates.partial(id, 1, this.noParts, 0));
      times.push(last);
    }
  }
}
