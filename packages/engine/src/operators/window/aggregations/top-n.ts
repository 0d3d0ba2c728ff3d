import { compareValues, valueId } from '../compare.js';
import { type AggregateFn, objectCell, valueAt } from './aggregate-fn.js';

interface Tally {
  value: unknown;
  count: number;
}

/**
 * The `limit` most frequent values as [{value, count}], most frequent first, ties by value.
 * Counts are exact (one entry per distinct value of the window).
 */
export function topN(limit: number): AggregateFn {
  const bump = (acc: Map<unknown, Tally>, value: unknown, by: number) => {
    const id = valueId(value);
    const tally = acc.get(id);
    if (tally) tally.count += by;
    else acc.set(id, { value, count: by });
  };
  return objectCell<Map<unknown, Tally>>({
    numeric: false,
    create: () => new Map(),
    add(acc, value) {
      bump(acc, value, 1);
    },
    addRows(r, o, field) {
      for (let k = 0; k < r.n; k++) {
        const v = valueAt(r, k, field);
        if (v !== undefined && v !== null) bump((r.targets[k] as unknown[])[o] as Map<unknown, Tally>, v, 1);
      }
    },
    merge(into, from) {
      for (const t of from.values()) bump(into, t.value, t.count);
    },
    result: (acc) =>
      [...acc.values()]
        .sort((a, b) => b.count - a.count || compareValues(a.value, b.value))
        .slice(0, limit)
        .map((t) => ({ value: t.value, count: t.count })),
    toJSON: (acc) => [...acc.values()].map((t) => [t.value, t.count]),
    fromJSON(json) {
      const acc = new Map<unknown, Tally>();
      for (const [value, count] of json as [unknown, number][]) bump(acc, value, count);
      return acc;
    },
  });
}
