import { type AggregateFn, field } from './aggregate-fn.js';

/** Mean of the values; null for a window without values. */
export const avg: AggregateFn<{ s: number; n: number }> = {
  numeric: true,
  create: () => ({ s: 0, n: 0 }),
  add(acc, value) {
    acc.s += value as number;
    acc.n++;
  },
  merge(into, from) {
    into.s += from.s;
    into.n += from.n;
  },
  result: (acc) => (acc.n === 0 ? null : acc.s / acc.n),
  toJSON: (acc) => ({ s: acc.s, n: acc.n }),
  fromJSON: (json) => ({ s: field<number>(json, 's'), n: field<number>(json, 'n') }),
};
