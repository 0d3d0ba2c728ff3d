import { valueId } from '../compare.js';
import type { AggregateFn } from './aggregate-fn.js';

/**
 * Exact number of distinct values. Memory grows with the distinct values of a window: bounding it
 * (a shorter window, a coarser field) is the user's business.
 */
export const distinctCount: AggregateFn<Map<unknown, unknown>> = {
  numeric: false,
  create: () => new Map(),
  add(acc, value) {
    const id = valueId(value);
    if (!acc.has(id)) acc.set(id, value);
  },
  merge(into, from) {
    for (const [id, value] of from) if (!into.has(id)) into.set(id, value);
  },
  result: (acc) => acc.size,
  toJSON: (acc) => [...acc.values()],
  fromJSON(json) {
    const acc = new Map<unknown, unknown>();
    for (const value of json as unknown[]) acc.set(valueId(value), value);
    return acc;
  },
};
