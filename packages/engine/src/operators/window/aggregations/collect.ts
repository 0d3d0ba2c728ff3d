import { type AggregateFn, field, objectCell, seqAt, timeAt, valueAt } from './aggregate-fn.js';

interface Item {
  v: unknown;
  t: number;
  q: number;
}

interface Collected {
  items: Item[];
  dropped: number;
}

const after = (a: Item, t: number, q: number) => a.t > t || (a.t === t && a.q > q);

/**
 * The values of the window in event-time order (ties by arrival), at most `limit`: the earliest are
 * kept, so the result does not depend on arrival order; what the bound drops is counted.
 */
export function collect(limit: number): AggregateFn {
  const insert = (acc: Collected, item: Item) => {
    const items = acc.items;
    let i = items.length;
    // In-order arrival appends; a late value walks back to its place.
    while (i > 0 && after(items[i - 1] as Item, item.t, item.q)) i--;
    if (i >= limit) {
      acc.dropped++;
      return;
    }
    items.splice(i, 0, item);
    if (items.length > limit) {
      items.pop();
      acc.dropped++;
    }
  };
  return objectCell<Collected>({
    numeric: false,
    create: () => ({ items: [], dropped: 0 }),
    add(acc, value, t, q) {
      insert(acc, { v: value, t, q });
    },
    addRows(r, o, f) {
      for (let k = 0; k < r.n; k++) {
        const v = valueAt(r, k, f);
        if (v !== undefined && v !== null)
          insert((r.targets[k] as unknown[])[o] as Collected, { v, t: timeAt(r, k), q: seqAt(r, k) });
      }
    },
    merge(into, from) {
      for (const item of from.items) insert(into, item);
      into.dropped += from.dropped;
    },
    result: (acc) => acc.items.map((i) => i.v),
    toJSON: (acc) => ({ items: acc.items.map((i) => [i.v, i.t, i.q]), dropped: acc.dropped }),
    fromJSON: (json) => ({
      items: field<[unknown, number, number][]>(json, 'items').map(([v, t, q]) => ({ v, t, q })),
      dropped: field<number>(json, 'dropped'),
    }),
    takeDropped(acc) {
      const n = acc.dropped;
      acc.dropped = 0;
      return n;
    },
  });
}
