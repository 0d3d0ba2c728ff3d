import { type AggregateFn, valueAt } from './aggregate-fn.js';

/** Sum of the values, one cell; 0 for a window without values. */
export const sum: AggregateFn = {
  numeric: true,
  width: 1,
  flat: true,
  init(s, o) {
    s[o] = 0;
  },
  add(s, o, value) {
    s[o] = (s[o] as number) + (value as number);
  },
  addRows(r, o, field) {
    for (let k = 0; k < r.n; k++) {
      const v = valueAt(r, k, field);
      if (typeof v !== 'number') continue;
      const s = r.targets[k] as unknown[];
      s[o] = (s[o] as number) + v;
    }
  },
  merge(into, from, o) {
    into[o] = (into[o] as number) + (from[o] as number);
  },
  result: (s, o) => s[o],
  toJSON: (s, o) => s[o],
  fromJSON(json, s, o) {
    s[o] = json as number;
  },
};
