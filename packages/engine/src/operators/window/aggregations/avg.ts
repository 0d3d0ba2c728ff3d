import { type AggregateFn, field, valueAt } from './aggregate-fn.js';

/** Mean of the values; null for a window without values. */
export const avg: AggregateFn<{ s: number; n: number }> = {
  numeric: true,
  create: () => ({ s: 0, n: 0 }),
  add(acc, value) {
    acc.s += value as number;
    acc.n++;
    return acc;
  },
  addRows(r, slot, f) {
    for (let k = 0; k < r.n; k++) {
      const v = valueAt(r, k, f);
      if (typeof v !== 'number') continue;
      const acc = (r.targets[k] as unknown[])[slot] as { s: number; n: number };
      acc.s += v;
      acc.n++;
    }
  },
  merge(into, from) {
    into.s += from.s;
    into.n += from.n;
    return into;
  },
  result: (acc) => (acc.n === 0 ? null : acc.s / acc.n),
  toJSON: (acc) => ({ s: acc.s, n: acc.n }),
  fromJSON: (json) => ({ s: field<number>(json, 's'), n: field<number>(json, 'n') }),
};
