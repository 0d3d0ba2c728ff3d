import { type AggregateFn, valueAt } from './aggregate-fn.js';

/** Events in the window (or, with a field, events whose field is not null). */
export const count: AggregateFn<number> = {
  numeric: false,
  create: () => 0,
  add: (acc) => acc + 1,
  addRows(r, slot, field) {
    for (let k = 0; k < r.n; k++) {
      const v = valueAt(r, k, field);
      if (v === undefined || v === null) continue;
      const accs = r.targets[k] as unknown[];
      accs[slot] = (accs[slot] as number) + 1;
    }
  },
  merge: (into, from) => into + from,
  result: (acc) => acc,
  toJSON: (acc) => acc,
  fromJSON: (json) => json as number,
};
