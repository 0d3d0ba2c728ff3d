import { type AggregateFn, field, objectCell, seqAt, timeAt, valueAt } from './aggregate-fn.js';

interface Stamped {
  v: unknown;
  t: number;
  q: number;
  has: boolean;
}

/** True when (t1, q1) comes before (t2, q2): by event time, ties by arrival. */
const before = (t1: number, q1: number, t2: number, q2: number) => t1 < t2 || (t1 === t2 && q1 < q2);

/** The value of the earliest (first) or latest (last) event by event time, ties by arrival. */
function byTime(latest: boolean): AggregateFn {
  const add = (acc: Stamped, value: unknown, t: number, q: number) => {
    if (!acc.has || (latest ? before(acc.t, acc.q, t, q) : before(t, q, acc.t, acc.q))) {
      acc.v = value;
      acc.t = t;
      acc.q = q;
      acc.has = true;
    }
  };
  return objectCell<Stamped>({
    numeric: false,
    create: () => ({ v: null, t: 0, q: 0, has: false }),
    add,
    addRows(r, o, f) {
      for (let k = 0; k < r.n; k++) {
        const v = valueAt(r, k, f);
        if (v !== undefined && v !== null)
          add((r.targets[k] as unknown[])[o] as Stamped, v, timeAt(r, k), seqAt(r, k));
      }
    },
    merge(into, from) {
      if (from.has) add(into, from.v, from.t, from.q);
    },
    result: (acc) => (acc.has ? acc.v : null),
    toJSON: (acc) => ({ v: acc.v, t: acc.t, q: acc.q, has: acc.has }),
    fromJSON: (json) => ({
      v: field(json, 'v'),
      t: field<number>(json, 't'),
      q: field<number>(json, 'q'),
      has: field<boolean>(json, 'has'),
    }),
  });
}

export const first = byTime(false);
export const last = byTime(true);
