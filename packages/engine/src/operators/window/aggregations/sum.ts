import { type AggregateFn, valueAt } from './aggregate-fn.js';

/**
 * Sum of the values; 0 for a window without values. An object, not a bare number: V8 updates a
 * double field in place, while a double stored into the accumulator array is boxed on every add.
 */
export const sum: AggregateFn<{ s: number }> = {
  numeric: true,
  create: () => ({ s: 0 }),
  add(acc, value) {
    acc.s += value as number;
    return acc;
  },
  addRows(r, slot, field) {
    for (let k = 0; k < r.n; k++) {
      const v = valueAt(r, k, field);
      if (typeof v === 'number') ((r.targets[k] as unknown[])[slot] as { s: number }).s += v;
    }
  },
  merge(into, from) {
    into.s += from.s;
    return into;
  },
  result: (acc) => acc.s,
  toJSON: (acc) => acc.s,
  fromJSON: (json) => ({ s: json as number }),
};
