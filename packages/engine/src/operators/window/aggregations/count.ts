import type { AggregateFn } from './aggregate-fn.js';

/** Events in the window (or, with a field, events whose field is not null). */
export const count: AggregateFn<{ n: number }> = {
  numeric: false,
  create: () => ({ n: 0 }),
  add(acc) {
    acc.n++;
  },
  merge(into, from) {
    into.n += from.n;
  },
  result: (acc) => acc.n,
  toJSON: (acc) => acc.n,
  fromJSON: (json) => ({ n: json as number }),
};
