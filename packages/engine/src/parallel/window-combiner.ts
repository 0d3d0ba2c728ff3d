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
import type { Aggregation } from '@eventide/shared';
import { createOperator } from '../operators/registry.js';
import { AggregatorSet } from '../operators/window/aggregations/aggregator-set.js';
import { compareValues } from '../operators/window/compare.js';
import { KeyExtractor } from '../operators/window/key.js';
import { alignedStart } from '../operators/window/window-params.js';
import type { Event, OperatorFactory } from '../runtime/operator.js';
import type { Exchange } from './plan.js';
import type { Emit } from './top-n-combiner.js';

/** An aggregation a bundle can pre-aggregate: its partial is merged by the window as it stands, or summed (count). */
export interface CombinedAggregation {
  fn: 'count' | 'sum' | 'min' | 'max';
  field?: string;
  name: string;
}

export interface WindowCombine {
  type: 'window';
  /** gcd(size, slide): the events of one pane fall in the same windows. */
  paneMs: number;
  offsetMs: number;
  /** The window's key fields: a partial holds their values, as the events it counts did. */
  key: string[];
  /**
   * The window's aggregations. A partial holds a count under the count's name (the window sums
   * it) and a sum, min or max under the field it reads (the window aggregates it as it would the
   * events' values: a sum of sums, a max of maxima).
   */
  aggregations: CombinedAggregation[];
}

/** The field of a partial that holds how many events it stands for (no event field is named so). */
export const PARTIAL_EVENTS = '\u0000events';

/** The field of a partial that holds an aggregation's part. */
export const partialField = (a: CombinedAggregation): string =>
  a.fn === 'count' ? a.name : (a.field as string);

interface Group {
  /** The first event of the group: the partial takes its key values from it. */
  first: Event;
  time: number;
  events: number;
  /** Each aggregation's part so far: a count, or a sum or extreme (undefined while none). */
  parts: unknown[];
}

/**
 * The receiving stage's window operators: a window fed by combining exchanges sums the partial
 * counts under the counts' own names (its results are the same numbers) instead of counting events;
 * its sums, minima and maxima read the partials as they are. The document stays as it is (its
 * schema has no such fields); only the operator changes.
 */
export function windowsReadingPartials(exchanges: readonly Exchange[]): Record<string, OperatorFactory> {
  const global = new Map<string, Aggregation[]>();
  for (const x of exchanges)
    if (x.combine?.type === 'window')
      global.set(
        x.edge.target,
        x.combine.aggregations.map((a) =>
          a.fn === 'count' ? { fn: 'sum', field: a.name, name: a.name } : a,
        ),
      );
  const factory =
    (kind: 'window.tumbling' | 'window.sliding'): OperatorFactory =>
    (node) => {
      const aggregations = global.get(node.id);
      if (!aggregations) return createOperator(kind, node);
      const window = createOperator(kind, { ...node, params: { ...node.params, aggregations } });
      window.eventsIn = eventsInPartials;
      return window;
    };
  return { 'window.tumbling': factory('window.tumbling'), 'window.sliding': factory('window.sliding') };
}

/** Events a batch of partials (and events passed on as they are) stands for. */
function eventsInPartials(events: Event[]): number {
  let n = 0;
  for (let i = 0; i < events.length; i++) {
    const w = (events[i] as Event)[PARTIAL_EVENTS];
    n += typeof w === 'number' ? w : 1;
  }
  return n;
}

/** Groups a bundle holds before it is sent without waiting for the flush: bounds its memory. */
const MAX_GROUPS = 4096;

export class WindowCombiner {
  private readonly key: KeyExtractor;
  /** Per aggregation: the field it reads (undefined: a count of events), what it does, where its part goes. */
  private readonly fields: (string | undefined)[];
  private readonly fns: CombinedAggregation['fn'][];
  private readonly partialFields: string[];
  /** The window's own check: an event it would reject (a sum over a non-number) goes as it is. */
  private readonly check: AggregatorSet;
  /** The bundle: per pane start, each key's group in it. */
  private readonly panes = new Map<number, Map<unknown, Group>>();
  private groups = 0;
  /** The sender's watermark: the window's is never ahead of it. */
  private watermark = Number.NEGATIVE_INFINITY;

  constructor(private readonly p: WindowCombine) {
    this.key = new KeyExtractor(p.key);
    this.fields = p.aggregations.map((a) => a.field);
    this.fns = p.aggregations.map((a) => a.fn);
    this.partialFields = p.aggregations.map(partialField);
    this.check = new AggregatorSet(p.aggregations);
  }

  private emptyParts(): unknown[] {
    return this.fns.map((fn) => (fn === 'count' ? 0 : undefined));
  }

  private partsOf(event: Event): unknown[] {
    const parts = this.emptyParts();
    this.fold(parts, event);
    return parts;
  }

  /** The partial of `events` events with the key values of `first`. */
  private partial(first: Event, events: number, parts: unknown[]): Event {
    const partialFields = this.partialFields;
    const partial: Event = {};
    for (const f of this.p.key) if (first[f] !== undefined) partial[f] = first[f];
    for (let i = 0; i < partialFields.length; i++)
      if (parts[i] !== undefined) partial[partialFields[i] as string] = parts[i];
    partial[PARTIAL_EVENTS] = events;
    return partial;
  }

  /** Adds the event to a group's parts; null and missing values count for nothing, as in the window. */
  private fold(parts: unknown[], event: Event): void {
    const fields = this.fields;
    const fns = this.fns;
    for (let i = 0; i < fns.length; i++) {
      const field = fields[i];
      const v = field === undefined ? true : event[field];
      if (v === undefined || v === null) continue;
      const fn = fns[i];
      const held = parts[i];
      if (fn === 'count') parts[i] = (held as number) + 1;
      else if (held === undefined) parts[i] = v;
      else if (fn === 'sum') parts[i] = (held as number) + (v as number);
      else if (compareValues(v, held) * (fn === 'max' ? 1 : -1) > 0) parts[i] = v;
    }
  }

  add(events: Event[], times: number[], emit: Emit): void {
    const { paneMs, offsetMs } = this.p;
    let start = Number.NaN;
    let pane: Map<unknown, Group> | undefined;
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as Event;
      const t = times[i] as number;
      if (this.check.reject(e) !== undefined) {
        // The window rejects it, with the reason it would have given.
        emit([e], [t]);
        continue;
      }
      // Events of one pane come in runs: its start and map are looked up once per run.
      if (!(t >= start && t < start + paneMs)) {
        start = alignedStart(t, paneMs, offsetMs);
        if (!Number.isFinite(t) || start + paneMs - 1 <= this.watermark) {
          // No pane, or a pane whose windows may have fired or be late: the window judges it alone,
          // as a partial of its own (the window reads partials).
          emit([this.partial(e, 1, this.partsOf(e))], [t]);
          start = Number.NaN;
          continue;
        }
        pane = this.panes.get(start);
        if (pane === undefined) {
          pane = new Map();
          this.panes.set(start, pane);
        }
      }
      const id = this.key.id(e);
      let group = (pane as Map<unknown, Group>).get(id);
      if (group === undefined) {
        group = { first: e, time: t, events: 0, parts: this.emptyParts() };
        (pane as Map<unknown, Group>).set(id, group);
        this.groups++;
      } else if (t > group.time) group.time = t;
      group.events++;
      this.fold(group.parts, e);
    }
    if (this.groups >= MAX_GROUPS) this.drain(emit);
  }

  /** The sender's watermark moved: panes it reached are no longer folded. */
  onWatermark(watermark: number): void {
    if (watermark > this.watermark) this.watermark = watermark;
  }

  /** Sends the bundle's partials, pane by pane, and starts a new bundle. */
  drain(emit: Emit): void {
    if (this.groups === 0) return;
    const events: Event[] = [];
    const times: number[] = [];
    for (const pane of this.panes.values())
      for (const g of pane.values()) {
        events.push(this.partial(g.first, g.events, g.parts));
        times.push(g.time);
      }
    this.panes.clear();
    this.groups = 0;
    emit(events, times);
  }
}
