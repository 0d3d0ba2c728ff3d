import { valueId } from '../compare.js';
import { objectCell, valueAt } from './aggregate-fn.js';

/**
 * Exact number of distinct values. Memory grows with the distinct values of a window: bounding it
 * (a shorter window, a coarser field) is the user's business.
 */
export const distinctCount = objectCell<Map<unknown, unknown>>({
  numeric: false,
  create: () => new Map(),
  add(acc, value) {
    const id = valueId(value);
    if (!acc.has(id)) acc.set(id, value);
  },
  addRows(r, o, field) {
    for (let k = 0; k < r.n; k++) {
      const v = valueAt(r, k, field);
      if (v === undefined || v === null) continue;
      const acc = (r.targets[k] as unknown[])[o] as Map<unknown, unknown>;
      const id = valueId(v);
      if (!acc.has(id)) acc.set(id, v);
    }
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
});
