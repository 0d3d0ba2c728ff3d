import { type AggregateFn, valueAt } from './aggregate-fn.js';

/** Events in the window (or, with a field, events whose field is not null): one cell. */
export const count: AggregateFn = {
  numeric: false,
  width: 1,
  flat: true,
  init(s, o) {
    s[o] = 0;
  },
  add(s, o) {
    s[o] = (s[o] as number) + 1;
  },
  addRows(r, o, field) {
    for (let k = 0; k < r.n; k++) {
      const v = valueAt(r, k, field);
      if (v === undefined || v === null) continue;
      const s = r.targets[k] as unknown[];
      s[o] = (s[o] as number) + 1;
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
