import { type AggregateFn, field, valueAt } from './aggregate-fn.js';

/** Mean of the values: sum and count in two cells; null for a window without values. */
export const avg: AggregateFn = {
  numeric: true,
  width: 2,
  flat: true,
  init(s, o) {
    s[o] = 0;
    s[o + 1] = 0;
  },
  add(s, o, value) {
    s[o] = (s[o] as number) + (value as number);
    s[o + 1] = (s[o + 1] as number) + 1;
  },
  addRows(r, o, f) {
    for (let k = 0; k < r.n; k++) {
      const v = valueAt(r, k, f);
      if (typeof v !== 'number') continue;
      const s = r.targets[k] as unknown[];
      s[o] = (s[o] as number) + v;
      s[o + 1] = (s[o + 1] as number) + 1;
    }
  },
  merge(into, from, o) {
    into[o] = (into[o] as number) + (from[o] as number);
    into[o + 1] = (into[o + 1] as number) + (from[o + 1] as number);
  },
  result: (s, o) => ((s[o + 1] as number) === 0 ? null : (s[o] as number) / (s[o + 1] as number)),
  toJSON: (s, o) => ({ s: s[o], n: s[o + 1] }),
  fromJSON(json, s, o) {
    s[o] = field<number>(json, 's');
    s[o + 1] = field<number>(json, 'n');
  },
};
