/**
 * What local pre-aggregation before a hash exchange shares, whichever window it feeds
 * (window-combiner.ts for tumbling and sliding windows, session-combiner.ts for sessions): the parts
 * of counts, sums, minima and maxima a group of events folds into, the partial event that carries
 * them to the window, and the window operators that read partials instead of events.
 */
import type { Aggregation } from '@eventide/shared';
import { createOperator } from '../operators/registry.js';
import { AggregatorSet } from '../operators/window/aggregations/aggregator-set.js';
import { compareValues } from '../operators/window/compare.js';
import { KeyExtractor } from '../operators/window/key.js';
import type { Event, OperatorFactory } from '../runtime/operator.js';
import type { Exchange } from './plan.js';
import type { SessionCombine } from './session-combiner.js';
import type { WindowCombine } from './window-combiner.js';

/** An aggregation a bundle can pre-aggregate: its partial is merged by the window as it stands, or summed (count). */
export interface CombinedAggregation {
  fn: 'count' | 'sum' | 'min' | 'max';
  field?: string;
  name: string;
}

/** Groups a combiner's bundle holds before it is sent without waiting for the flush: bounds its memory. */
export const MAX_BUNDLE_GROUPS = 4096;

/** The field of a partial that holds how many events it stands for (no event field is named so). */
export const PARTIAL_EVENTS = '\u0000events';

/** The field of a partial that holds an aggregation's part. */
export const partialField = (a: CombinedAggregation): string =>
  a.fn === 'count' ? a.name : (a.field as string);

/**
 * The window's aggregations as parts laid out `width` apart in a flat array (no object per group:
 * a combiner's groups live until the next flush, long enough to be promoted, see window-combiner.ts),
 * and the partial events made of them. A partial holds a count under the count's name (the window
 * sums it) and a sum, min or max under the field it reads (the window aggregates it as it would
 * the events' values: a sum of sums, a max of maxima).
 */
export class PartialAggregates {
  readonly key: KeyExtractor;
  /** Parts per group. */
  readonly width: number;
  /** Per aggregation: the field it reads (undefined: a count of events), what it does, where its part goes. */
  private readonly fields: (string | undefined)[];
  private readonly fns: CombinedAggregation['fn'][];
  private readonly partialFields: string[];
  /** The window's own check: an event it would reject (a sum over a non-number) goes as it is. */
  private readonly check: AggregatorSet;
  /** Every aggregation counts events (no field): an event adds one to each part, whatever it holds. */
  private readonly countsOnly: boolean;

  constructor(
    private readonly keyFields: string[],
    aggregations: CombinedAggregation[],
  ) {
    this.key = new KeyExtractor(keyFields);
    this.fields = aggregations.map((a) => a.field);
    this.fns = aggregations.map((a) => a.fn);
    this.partialFields = aggregations.map(partialField);
    this.check = new AggregatorSet(aggregations);
    this.width = aggregations.length;
    this.countsOnly = aggregations.every((a) => a.fn === 'count' && a.field === undefined);
  }

  /** The window would reject the event with a reason of its own: it must go as it is. */
  rejects(event: Event): boolean {
    return this.check.reject(event) !== undefined;
  }

  /** Sets a group's initial parts at `base`: a count starts at 0, the others with no value. */
  empty(parts: unknown[], base: number): void {
    const fns = this.fns;
    for (let i = 0; i < fns.length; i++) parts[base + i] = fns[i] === 'count' ? 0 : undefined;
  }

  /** Adds the event to the parts at `base`; null and missing values count for nothing, as in the window. */
  fold(parts: unknown[], base: number, event: Event): void {
    if (this.countsOnly) {
      for (let i = 0; i < this.width; i++) parts[base + i] = (parts[base + i] as number) + 1;
      return;
    }
    const fields = this.fields;
    const fns = this.fns;
    for (let i = 0; i < fns.length; i++) {
      const field = fields[i];
      const v = field === undefined ? true : event[field];
      if (v === undefined || v === null) continue;
      const fn = fns[i];
      const held = parts[base + i];
      if (fn === 'count') parts[base + i] = (held as number) + 1;
      else if (held === undefined) parts[base + i] = v;
      else if (fn === 'sum') parts[base + i] = (held as number) + (v as number);
      else if (compareValues(v, held) * (fn === 'max' ? 1 : -1) > 0) parts[base + i] = v;
    }
  }

  /**
   * The partial of `events` events of key `id`, with the parts at `base` of `parts`. Key values
   * come back from the id (ids are lossless); a null one is left out, as a missing one is (the
   * window takes both as the same key).
   */
  partial(id: unknown, events: number, parts: unknown[], base: number): Event {
    const partialFields = this.partialFields;
    const key = this.keyFields;
    const values = this.key.valuesOfId(id);
    const partial: Event = {};
    for (let i = 0; i < key.length; i++) if (values[i] !== null) partial[key[i] as string] = values[i];
    for (let i = 0; i < partialFields.length; i++)
      if (parts[base + i] !== undefined) partial[partialFields[i] as string] = parts[base + i];
    partial[PARTIAL_EVENTS] = events;
    return partial;
  }

  /** The partial of one event alone (the window must judge it by itself). */
  single(event: Event): Event {
    const parts: unknown[] = [];
    this.empty(parts, 0);
    this.fold(parts, 0, event);
    return this.partial(this.key.id(event), 1, parts, 0);
  }
}

/** The exchange's local work sends partials to a window (a pre-aggregation, not a local top-N). */
export const sendsPartials = (
  combine: Exchange['combine'] | null,
): combine is WindowCombine | SessionCombine => combine != null && combine.type !== 'top-n';

const READING_PARTIALS = ['window.tumbling', 'window.sliding', 'window.session'] as const;

/**
 * The receiving stage's window operators: a window fed by combining exchanges sums the partial
 * counts under the counts' own names (its results are the same numbers) instead of counting events;
 * its sums, minima and maxima read the partials as they are. The document stays as it is (its
 * schema has no such fields); only the operator changes.
 */
export function windowsReadingPartials(exchanges: readonly Exchange[]): Record<string, OperatorFactory> {
  const global = new Map<string, Aggregation[]>();
  for (const x of exchanges)
    if (sendsPartials(x.combine))
      global.set(
        x.edge.target,
        x.combine.aggregations.map((a) =>
          a.fn === 'count' ? { fn: 'sum', field: a.name, name: a.name } : a,
        ),
      );
  const factory =
    (kind: (typeof READING_PARTIALS)[number]): OperatorFactory =>
    (node) => {
      const aggregations = global.get(node.id);
      if (!aggregations) return createOperator(kind, node);
      const window = createOperator(kind, { ...node, params: { ...node.params, aggregations } });
      window.eventsIn = eventsInPartials;
      return window;
    };
  return Object.fromEntries(READING_PARTIALS.map((kind) => [kind, factory(kind)]));
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
