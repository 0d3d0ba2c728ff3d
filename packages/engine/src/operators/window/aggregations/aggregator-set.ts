import type { Aggregation } from '@eventide/shared';
import type { Event } from '../../../runtime/operator.js';
import type { AggregateFn, Rows } from './aggregate-fn.js';
import { avg } from './avg.js';
import { collect } from './collect.js';
import { count } from './count.js';
import { distinctCount } from './distinct-count.js';
import { first, last } from './first-last.js';
import { max, min } from './min-max.js';
import { percentile } from './percentile.js';
import { sum } from './sum.js';
import { topN } from './top-n.js';

export const DEFAULT_TOP_N = 10;
export const DEFAULT_COLLECT_LIMIT = 100;

function fnOf(a: Aggregation): AggregateFn<unknown> {
  const fn = (() => {
    switch (a.fn) {
      case 'count':
        return count;
      case 'sum':
        return sum;
      case 'avg':
        return avg;
      case 'min':
        return min;
      case 'max':
        return max;
      case 'first':
        return first;
      case 'last':
        return last;
      case 'distinct_count':
        return distinctCount;
      case 'percentile':
        return percentile(a.quantile ?? 0.5);
      case 'top_n':
        return topN(a.limit ?? DEFAULT_TOP_N);
      case 'collect':
        return collect(a.limit ?? DEFAULT_COLLECT_LIMIT);
    }
  })();
  return fn as AggregateFn<unknown>;
}

/** The accumulators of one window and key: one per aggregation, in the order of the params. */
export type Accumulators = unknown[];

/**
 * The aggregations of a window node, compiled once. It checks an event before adding it, so a bad
 * value rejects the whole event (an error with a reason) instead of leaving it half counted.
 */
export class AggregatorSet {
  private readonly fns: AggregateFn<unknown>[];
  private readonly fields: (string | undefined)[];
  private readonly names: string[];
  private readonly numericFields: string[];
  private readonly hasDropping: boolean;

  constructor(aggregations: readonly Aggregation[]) {
    this.fns = aggregations.map(fnOf);
    this.fields = aggregations.map((a) => a.field);
    this.names = aggregations.map((a) => a.name);
    // Distinct fields that numeric functions read: checked once per event.
    this.numericFields = [
      ...new Set(
        aggregations.filter((a, i) => this.fns[i]?.numeric && a.field).map((a) => a.field as string),
      ),
    ];
    this.hasDropping = this.fns.some((f) => f.takeDropped !== undefined);
  }

  create(): Accumulators {
    const accs = new Array<unknown>(this.fns.length);
    for (let i = 0; i < this.fns.length; i++) accs[i] = (this.fns[i] as AggregateFn<unknown>).create();
    return accs;
  }

  /** Why the event cannot be aggregated, or undefined when it can. */
  reject(event: Event): string | undefined {
    for (const f of this.numericFields) {
      const v = event[f];
      if (typeof v !== 'number' && v !== null && v !== undefined)
        return `field "${f}" is ${Array.isArray(v) ? 'a list' : typeof v}, not a number`;
    }
    return undefined;
  }

  add(accs: Accumulators, event: Event, time: number, seq: number): void {
    const fns = this.fns;
    for (let i = 0; i < fns.length; i++) {
      const field = this.fields[i];
      if (field === undefined) {
        accs[i] = (fns[i] as AggregateFn<unknown>).add(accs[i], true, time, seq);
        continue;
      }
      const v = event[field];
      if (v !== undefined && v !== null)
        accs[i] = (fns[i] as AggregateFn<unknown>).add(accs[i], v, time, seq);
    }
  }

  /** Adds a micro-batch column by column (see AggregateFn.addRows); same result as add() per row. */
  addRows(rows: Rows): void {
    if (rows.n === 0) return;
    for (let i = 0; i < this.fns.length; i++)
      (this.fns[i] as AggregateFn<unknown>).addRows(rows, i, this.fields[i]);
  }

  /** Folds `from` into `into`, leaving `from` unchanged. */
  merge(into: Accumulators, from: Accumulators): void {
    for (let i = 0; i < this.fns.length; i++)
      into[i] = (this.fns[i] as AggregateFn<unknown>).merge(into[i], from[i]);
  }

  /** Writes the aggregate values into a result object, in the order of the params. */
  writeResults(accs: Accumulators, out: Record<string, unknown>): void {
    for (let i = 0; i < this.fns.length; i++)
      out[this.names[i] as string] = (this.fns[i] as AggregateFn<unknown>).result(accs[i]);
  }

  /** Values the bounds dropped since the last call. */
  takeDropped(accs: Accumulators): number {
    if (!this.hasDropping) return 0;
    let n = 0;
    for (let i = 0; i < this.fns.length; i++)
      n += (this.fns[i] as AggregateFn<unknown>).takeDropped?.(accs[i]) ?? 0;
    return n;
  }

  toJSON(accs: Accumulators): unknown[] {
    return this.fns.map((fn, i) => fn.toJSON(accs[i]));
  }

  fromJSON(json: unknown): Accumulators {
    const list = json as unknown[];
    return this.fns.map((fn, i) => fn.fromJSON(list[i]));
  }
}
