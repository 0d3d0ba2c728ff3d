import type { AggregateFn } from './aggregate-fn.js';

/** Sum of the values; 0 for a window without values. */
export const sum: AggregateFn<{ s: number }> = {
  numeric: true,
  create: () => ({ s: 0 }),
  add(acc, value) {
    acc.s += value as number;
  },
  merge(into, from) {
    into.s += from.s;
  },
  result: (acc) => acc.s,
  toJSON: (acc) => acc.s,
  fromJSON: (json) => ({ s: json as number }),
};
