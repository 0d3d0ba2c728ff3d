import { compareValues } from '../compare.js';
import { type AggregateFn, field, objectCell, valueAt } from './aggregate-fn.js';

interface Extreme {
  v: unknown;
  has: boolean;
}

/** Smallest (sign -1) or largest (sign 1) value in the total order of compareValues; null when none. */
function extreme(sign: 1 | -1): AggregateFn {
  const add = (acc: Extreme, value: unknown) => {
    if (!acc.has || compareValues(value, acc.v) * sign > 0) {
      acc.v = value;
      acc.has = true;
    }
  };
  return objectCell<Extreme>({
    numeric: false,
    create: () => ({ v: null, has: false }),
    add,
    addRows(r, o, f) {
      for (let k = 0; k < r.n; k++) {
        const v = valueAt(r, k, f);
        if (v !== undefined && v !== null) add((r.targets[k] as unknown[])[o] as Extreme, v);
      }
    },
    merge(into, from) {
      if (from.has) add(into, from.v);
    },
    result: (acc) => (acc.has ? acc.v : null),
    toJSON: (acc) => ({ v: acc.v, has: acc.has }),
    fromJSON: (json) => ({ v: field(json, 'v'), has: field<boolean>(json, 'has') }),
  });
}

export const min = extreme(-1);
export const max = extreme(1);
