import { compareValues } from '../compare.js';
import { type AggregateFn, field, valueAt } from './aggregate-fn.js';

interface Extreme {
  v: unknown;
  has: boolean;
}

/** Smallest (sign -1) or largest (sign 1) value in the total order of compareValues; null when none. */
function extreme(sign: 1 | -1): AggregateFn<Extreme> {
  const add = (acc: Extreme, value: unknown) => {
    if (!acc.has || compareValues(value, acc.v) * sign > 0) {
      acc.v = value;
      acc.has = true;
    }
    return acc;
  };
  return {
    numeric: false,
    create: () => ({ v: null, has: false }),
    add,
    addRows(r, slot, f) {
      for (let k = 0; k < r.n; k++) {
        const v = valueAt(r, k, f);
        if (v !== undefined && v !== null) add((r.targets[k] as unknown[])[slot] as Extreme, v);
      }
    },
    merge: (into, from) => (from.has ? add(into, from.v) : into),
    result: (acc) => (acc.has ? acc.v : null),
    toJSON: (acc) => ({ v: acc.v, has: acc.has }),
    fromJSON: (json) => ({ v: field(json, 'v'), has: field<boolean>(json, 'has') }),
  };
}

export const min = extreme(-1);
export const max = extreme(1);
