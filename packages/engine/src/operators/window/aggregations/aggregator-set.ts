import type { Aggregation } from '@eventide/shared';
import { compilePredicate } from '../../../expr/index.js';
import type { Event, OperatorContext } from '../../../runtime/operator.js';
import type { AggregateFn, Cells, Rows } from './aggregate-fn.js';
import { avg } from './avg.js';
import { collect } from './collect.js';
import { count } from './count.js';
import { distinctCount } from './distinct-count.js';
import { maxBy, minBy } from './extreme-by.js';
import { first, last } from './first-last.js';
import { max, min } from './min-max.js';
import { percentile } from './percentile.js';
import { sum } from './sum.js';
import { topN } from './top-n.js';

export const DEFAULT_TOP_N = 10;
export const DEFAULT_COLLECT_LIMIT = 100;

function fnOf(a: Aggregation): AggregateFn {
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
    case 'max_by':
      return maxBy(a.by as string, a.field);
    case 'min_by':
      return minBy(a.by as string, a.field);
  }
}

/** The state of one window and key: the cells of every aggregation, in the order of the params. */
export type Accumulators = Cells;

/**
 * The aggregations of a window node, compiled once. It checks an event before adding it, so a bad
 * value rejects the whole event (an error with a reason) instead of leaving it half counted.
 */
export class AggregatorSet {
  private readonly fns: AggregateFn[];
  private readonly fields: (string | undefined)[];
  /** Each function's own read of an event (AggregateFn.read), where it has one. */
  private readonly readers: (((event: Event) => unknown) | undefined)[];
  private readonly names: string[];
  /** Offset of each function's cells. */
  private readonly offsets: number[];
  /** Distinct fields that numeric functions read: checked once per event. */
  private readonly numericFields: string[];
  private readonly hasDropping: boolean;
  /** Cells per window and key. */
  readonly width: number;
  /** Every function is flat (see AggregateFn.flat): windows may keep their cells in a Float64Array. */
  readonly flat: boolean;
  /** The function of each aggregation when all are flat: count, sum or avg. */
  private readonly flatKinds: string[];
  /** Each aggregation's `where` condition (count where, sum where), compiled; undefined: every event. */
  private readonly where: (((event: Event) => boolean) | undefined)[];
  private readonly hasWhere: boolean;
  /** Which aggregations take `checked`, the event reject() last accepted (its conditions ran there). */
  private readonly pass: boolean[];
  private checked: Event | undefined;

  constructor(aggregations: readonly Aggregation[]) {
    this.fns = aggregations.map(fnOf);
    this.fields = aggregations.map((a) => a.field);
    this.readers = this.fns.map((fn) => fn.read);
    this.names = aggregations.map((a) => a.name);
    let width = 0;
    this.offsets = this.fns.map((fn) => {
      const o = width;
      width += fn.width;
      return o;
    });
    this.numericFields = [
      ...new Set(
        aggregations.filter((a, i) => this.fns[i]?.numeric && a.field).map((a) => a.field as string),
      ),
    ];
    this.hasDropping = this.fns.some((f) => f.takeDropped !== undefined);
    this.width = width;
    // addFlat knows these three; another flat function would need its case there first.
    this.flat = aggregations.every(
      (a, i) => this.fns[i]?.flat === true && (a.fn === 'count' || a.fn === 'sum' || a.fn === 'avg'),
    );
    this.flatKinds = this.flat ? aggregations.map((a) => a.fn) : [];
    this.where = aggregations.map((a) => (a.where ? compilePredicate(a.where) : undefined));
    this.hasWhere = this.where.some((w) => w !== undefined);
    this.pass = aggregations.map(() => true);
  }

  /** Fresh cells, appended in order so the array stays packed (all doubles for count/sum/avg). */
  create(): Accumulators {
    const s: Cells = [];
    for (let i = 0; i < this.fns.length; i++) (this.fns[i] as AggregateFn).init(s, this.offsets[i] as number);
    return s;
  }

  /** Why the event cannot be aggregated, or undefined when it can. */
  reject(event: Event): string | undefined {
    for (const f of this.numericFields) {
      const v = event[f];
      if (typeof v !== 'number' && v !== null && v !== undefined)
        return `field "${f}" is ${Array.isArray(v) ? 'a list' : typeof v}, not a number`;
    }
    if (this.hasWhere) {
      // Conditions run here, once per event: one that fails rejects the event before any cell changes.
      this.checked = undefined;
      for (let i = 0; i < this.where.length; i++) {
        const w = this.where[i];
        try {
          this.pass[i] = w === undefined || w(event);
        } catch (err) {
          return `aggregation "${this.names[i]}" where: ${err instanceof Error ? err.message : String(err)}`;
        }
      }
      this.checked = event;
    }
    return undefined;
  }

  /** Sends an event reject() refuses to the error port, with the reason: true when it did. */
  refuses(ctx: Pick<OperatorContext, 'error'>, event: Event, time: number): boolean {
    const reason = this.reject(event);
    if (reason === undefined) return false;
    ctx.error(event, time, reason);
    return true;
  }

  /** Which aggregations take `event`: reject()'s verdict for the event it just accepted, else evaluated now. */
  private passOf(event: Event): boolean[] {
    if (this.checked === event) return this.pass;
    return this.where.map((w) => {
      try {
        return w === undefined || w(event);
      } catch {
        return false;
      }
    });
  }

  add(s: Accumulators, event: Event, time: number, seq: number): void {
    this.addAt(s, 0, event, time, seq);
  }

  /** add() into cells that start at `base` of `s` (a flat buffer holds many windows' cells). */
  addAt(s: Accumulators | Float64Array, base: number, event: Event, time: number, seq: number): void {
    const fns = this.fns;
    const fields = this.fields;
    const readers = this.readers;
    const offsets = this.offsets;
    const pass = this.hasWhere ? this.passOf(event) : undefined;
    for (let i = 0; i < fns.length; i++) {
      if (pass !== undefined && !pass[i]) continue;
      const field = fields[i];
      const read = readers[i];
      let v: unknown;
      if (read !== undefined) v = read(event);
      else v = field === undefined ? true : event[field];
      if (v !== undefined && v !== null)
        (fns[i] as AggregateFn).add(s as Cells, base + (offsets[i] as number), v, time, seq);
    }
  }

  /** Adds a micro-batch column by column (see AggregateFn.addRows); same result as add() per row. */
  addRows(rows: Rows): void {
    if (rows.n === 0) return;
    if (this.hasWhere) {
      // Conditions pick rows per aggregation: row by row (the column loops take every row).
      for (let k = 0; k < rows.n; k++) {
        const r = rows.rows[k] as number;
        this.addAt(
          rows.targets[k] as Cells,
          0,
          rows.events[r] as Event,
          rows.times[r] as number,
          rows.seqBase + r,
        );
      }
      return;
    }
    for (let i = 0; i < this.fns.length; i++)
      (this.fns[i] as AggregateFn).addRows(rows, this.offsets[i] as number, this.fields[i]);
  }

  /** Folds `from` into `into`, leaving `from` unchanged. */
  merge(into: Accumulators, from: Accumulators): void {
    for (let i = 0; i < this.fns.length; i++)
      (this.fns[i] as AggregateFn).merge(into, from, this.offsets[i] as number);
  }

  /** Writes the aggregate values into a result object, in the order of the params. */
  writeResults(s: Accumulators | Float64Array, out: Record<string, unknown>, base = 0): void {
    for (let i = 0; i < this.fns.length; i++)
      out[this.names[i] as string] = (this.fns[i] as AggregateFn).result(
        s as Cells,
        base + (this.offsets[i] as number),
      );
  }

  /** Names of the results, in the order writeResults writes them. */
  resultNames(): readonly string[] {
    return this.names;
  }

  /** Values the bounds dropped since the last call. */
  takeDropped(s: Accumulators): number {
    if (!this.hasDropping) return 0;
    let n = 0;
    for (let i = 0; i < this.fns.length; i++)
      n += (this.fns[i] as AggregateFn).takeDropped?.(s, this.offsets[i] as number) ?? 0;
    return n;
  }

  toJSON(s: Accumulators | Float64Array, base = 0): unknown[] {
    return this.fns.map((fn, i) => fn.toJSON(s as Cells, base + (this.offsets[i] as number)));
  }

  /**
   * addAt() for flat functions (this.flat), without a call per function: count, sum and avg are
   * few enough to switch on, and the per-event call to three different adds is not inlined.
   */
  addFlat(buf: Float64Array, base: number, event: Event): void {
    const kinds = this.flatKinds;
    const fields = this.fields;
    const offsets = this.offsets;
    const pass = this.hasWhere ? this.passOf(event) : undefined;
    for (let i = 0; i < kinds.length; i++) {
      if (pass !== undefined && !pass[i]) continue;
      const o = base + (offsets[i] as number);
      const field = fields[i];
      if (field === undefined) {
        buf[o] = (buf[o] as number) + 1;
        continue;
      }
      const v = event[field];
      if (v === undefined || v === null) continue;
      switch (kinds[i]) {
        case 'count':
          buf[o] = (buf[o] as number) + 1;
          break;
        case 'sum':
          buf[o] = (buf[o] as number) + (v as number);
          break;
        case 'avg':
          buf[o] = (buf[o] as number) + (v as number);
          buf[o + 1] = (buf[o + 1] as number) + 1;
      }
    }
  }

  /** Fresh flat cells (every function flat) at `base` of a zeroed buffer: all zero, so nothing to do. */
  initFlat(buf: Float64Array, base: number): void {
    for (let i = 0; i < this.fns.length; i++)
      (this.fns[i] as AggregateFn).init(buf as unknown as Cells, base + (this.offsets[i] as number));
  }

  /** Restores flat cells from a toJSON result into `buf` at `base`. */
  fromJSONFlat(json: unknown, buf: Float64Array, base: number): void {
    const cells = this.fromJSON(json);
    for (let c = 0; c < this.width; c++) buf[base + c] = cells[c] as number;
  }

  fromJSON(json: unknown): Accumulators {
    const list = json as unknown[];
    const s: Cells = [];
    this.fns.forEach((fn, i) => {
      fn.fromJSON(list[i], s, this.offsets[i] as number);
    });
    return s;
  }
}
