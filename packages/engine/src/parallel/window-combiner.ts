/**
 * Local pre-aggregation before a hash exchange into a keyed tumbling or sliding window (Flink's
 * mini-batch local-global aggregation): each sending instance folds the events of a bundle (what it
 * sends between two flushes of the exchange) per key and pane, a slice of gcd(size, slide) ms whose
 * events all fall in the same windows, into one partial event with the time of its latest event,
 * for counts, sums, minima and maxima. The receiving window aggregates the partials
 * (`windowsReadingPartials`), so its results are the same, while a hot key's events no longer all
 * cross to the one instance that owns it: a Nexmark hot auction, half of the bids, becomes a partial per
 * bundle, and q5's maximum per window gets a partial per bundle instead of every count.
 *
 * Why the results and counts are the same: a bundle holds no watermark (the exchange sends the
 * watermark after its flush), so the events of one partial would have reached the window in one
 * batch; the events of one pane fall in the same windows; and only events of a pane the sender's
 * watermark has not reached are folded: the window's watermark is never ahead of the sender's, so
 * none of their windows has fired and none is late. Everything else goes alone, so the window judges
 * it (late, an update of a fired window, an error) event by event as it would have: an event of a
 * pane the watermark reached or with no valid time as a partial of one event, one with a sum's value
 * that is not a number as it is (the window rejects it with its own reason).
 * A partial carries how many events it stands for (PARTIAL_EVENTS), so the window's `in` counts
 * events. A barrier flushes first, so a bundle is never part of a checkpoint.
 */
import { alignedStart } from '../operators/window/window-params.js';
import type { Event } from '../runtime/operator.js';
import { GroupIndex } from './group-index.js';
import { type CombinedAggregation, MAX_BUNDLE_GROUPS, PartialAggregates } from './partial-aggregates.js';
import type { Emit } from './top-n-combiner.js';

export interface WindowCombine {
  type: 'window';
  /** gcd(size, slide): the events of one pane fall in the same windows. */
  paneMs: number;
  offsetMs: number;
  /** The window's key fields: a partial holds their values, as the events it counts did. */
  key: string[];
  /** The window's aggregations (partial-aggregates.ts: what a partial holds of each). */
  aggregations: CombinedAggregation[];
}

/**
 * One pane's groups in a bundle, as columns: group g < n has key id ids[g], the time of its latest
 * event, how many events it stands for, and its parts at parts[g * width ...]. No object per group:
 * a bundle lives until the next flush, long enough for objects to be promoted out of the young
 * generation (a worker's heap profile showed the groups, and the events they kept for their key
 * values, as a third of what its major collections freed in Nexmark q5). The columns and the index
 * are kept from bundle to bundle and written over, not regrown: an array whose length is set to 0
 * gives its storage back, and regrowing it was the rest of what the combiner had promoted.
 */
interface PaneGroups {
  n: number;
  index: GroupIndex;
  ids: unknown[];
  times: number[];
  events: number[];
  parts: unknown[];
}

/** Panes' groups kept for later bundles (a bundle usually spans one or two panes). */
const MAX_SPARE = 8;

export class WindowCombiner {
  private readonly parts: PartialAggregates;
  /** The bundle: per pane start, its groups. */
  private readonly panes = new Map<number, PaneGroups>();
  /** Groups of panes of earlier bundles, to be used again. */
  private readonly spare: PaneGroups[] = [];
  private groups = 0;
  /** The sender's watermark: the window's is never ahead of it. */
  private watermark = Number.NEGATIVE_INFINITY;

  constructor(private readonly p: WindowCombine) {
    this.parts = new PartialAggregates(p.key, p.aggregations);
  }

  /** Group n of the pane, for key `id`: written over an earlier bundle's, or appended. */
  private newGroup(groups: PaneGroups, id: unknown, t: number): number {
    const g = groups.n++;
    groups.index.set(id, g);
    groups.ids[g] = id;
    groups.times[g] = t;
    groups.events[g] = 0;
    this.parts.empty(groups.parts, g * this.parts.width);
    return g;
  }

  add(events: Event[], times: number[], emit: Emit): void {
    const { paneMs, offsetMs } = this.p;
    const parts = this.parts;
    const width = parts.width;
    let start = Number.NaN;
    let pane: PaneGroups | undefined;
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as Event;
      const t = times[i] as number;
      if (parts.rejects(e)) {
        // The window rejects it, with the reason it would have given.
        emit([e], [t]);
        continue;
      }
      // Events of one pane come in runs: its start and groups are looked up once per run.
      if (!(t >= start && t < start + paneMs)) {
        start = alignedStart(t, paneMs, offsetMs);
        if (!Number.isFinite(t) || start + paneMs - 1 <= this.watermark) {
          // No pane, or a pane whose windows may have fired or be late: the window judges it alone,
          // as a partial of its own (the window reads partials).
          emit([parts.single(e)], [t]);
          start = Number.NaN;
          continue;
        }
        pane = this.panes.get(start);
        if (pane === undefined) {
          pane = this.spare.pop() ?? {
            n: 0,
            index: new GroupIndex(),
            ids: [],
            times: [],
            events: [],
            parts: [],
          };
          this.panes.set(start, pane);
        }
      }
      const groups = pane as PaneGroups;
      const id = parts.key.id(e);
      let g = groups.index.get(id);
      if (g === undefined) {
        g = this.newGroup(groups, id, t);
        this.groups++;
      } else if (t > (groups.times[g] as number)) groups.times[g] = t;
      groups.events[g] = (groups.events[g] as number) + 1;
      parts.fold(groups.parts, g * width, e);
    }
    if (this.groups >= MAX_BUNDLE_GROUPS) this.drain(emit);
  }

  /** The sender's watermark moved: panes it reached are no longer folded. */
  onWatermark(watermark: number): void {
    if (watermark > this.watermark) this.watermark = watermark;
  }

  /** Sends the bundle's partials, pane by pane, and starts a new bundle. */
  drain(emit: Emit): void {
    if (this.groups === 0) return;
    const width = this.parts.width;
    const events: Event[] = [];
    const times: number[] = [];
    for (const pane of this.panes.values()) {
      for (let g = 0; g < pane.n; g++) {
        events.push(this.parts.partial(pane.ids[g], pane.events[g] as number, pane.parts, g * width));
        times.push(pane.times[g] as number);
      }
      pane.n = 0;
      pane.index.clear();
      if (this.spare.length < MAX_SPARE) this.spare.push(pane);
    }
    this.panes.clear();
    this.groups = 0;
    emit(events, times);
  }
}
