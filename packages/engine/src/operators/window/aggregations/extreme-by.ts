import type { Event } from '../../../runtime/operator.js';
import { compareValues } from '../compare.js';
import { type AggregateFn, field, objectCell, timeAt } from './aggregate-fn.js';

/**
 * What max_by and min_by add for one event: its `by` value and its value: the value field's (null
 * when it has none), or the whole event when the aggregation names no field.
 */
type ByPair = readonly [by: unknown, value: unknown];

interface Chosen {
  by: unknown;
  v: unknown;
  t: number;
  has: boolean;
}

/**
 * The value of the event with the largest (sign 1) or smallest (sign -1) `by` value, in the order
 * of compareValues: Spark's max_by / min_by, ClickHouse's argMax. Where max keeps the highest price,
 * max_by(bidder, price) keeps who bid it, and max_by(price) without a field the winning bid itself.
 * Ties go to the earliest event by event time, then to the smaller value (whole events compare as
 * JSON): never to arrival order, so a replay or a parallel run picks the same event.
 */
function extremeBy(sign: 1 | -1, by: string, valueField: string | undefined): AggregateFn {
  const chosenValue = (event: Event) => (valueField === undefined ? event : (event[valueField] ?? null));
  const add = (acc: Chosen, b: unknown, v: unknown, t: number) => {
    if (acc.has) {
      const c = compareValues(b, acc.by) * sign;
      if (c < 0) return;
      if (c === 0 && (t > acc.t || (t === acc.t && compareValues(v, acc.v) >= 0))) return;
    }
    acc.by = b;
    acc.v = v;
    acc.t = t;
    acc.has = true;
  };
  return objectCell<Chosen>({
    numeric: false,
    // An event without a `by` value is skipped, as SQL skips nulls.
    read: (event): ByPair | undefined => {
      const b = event[by];
      return b === undefined || b === null ? undefined : [b, chosenValue(event)];
    },
    create: () => ({ by: null, v: null, t: 0, has: false }),
    add: (acc, pair, t) => add(acc, (pair as ByPair)[0], (pair as ByPair)[1], t),
    addRows(r, o) {
      // Column-wise: no pair per row.
      for (let k = 0; k < r.n; k++) {
        const event = r.events[r.rows[k] as number] as Event;
        const b = event[by];
        if (b !== undefined && b !== null)
          add((r.targets[k] as unknown[])[o] as Chosen, b, chosenValue(event), timeAt(r, k));
      }
    },
    merge(into, from) {
      if (from.has) add(into, from.by, from.v, from.t);
    },
    result: (acc) => (acc.has ? acc.v : null),
    toJSON: (acc) => ({ by: acc.by, v: acc.v, t: acc.t, has: acc.has }),
    fromJSON: (json) => ({
      by: field(json, 'by'),
      v: field(json, 'v'),
      t: field<number>(json, 't'),
      has: field<boolean>(json, 'has'),
    }),
  });
}

export const maxBy = (by: string, valueField: string | undefined) => extremeBy(1, by, valueField);
export const minBy = (by: string, valueField: string | undefined) => extremeBy(-1, by, valueField);
