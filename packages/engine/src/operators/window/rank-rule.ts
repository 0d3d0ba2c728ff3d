import type { Event } from '../../runtime/operator.js';

/** An event being ranked: its value of the ranked field, its time and its arrival number. */
export interface Ranked {
  e: Event;
  v: number;
  t: number;
  q: number;
}

/** The kept list of key `id` in `keys`, empty and added on first use. */
export function keptList(keys: Map<unknown, Ranked[]>, id: unknown): Ranked[] {
  let list = keys.get(id);
  if (list === undefined) {
    list = [];
    keys.set(id, list);
  }
  return list;
}

/**
 * How window.top-n ranks, shared by the operator and the local top-N before a parallel gather
 * (top-n-combiner.ts), so both keep exactly the same events. By value (highest first when
 * descending), ties by earlier time, then earlier arrival. Without ties it keeps the first n (SQL's
 * ROW_NUMBER() <= n); with ties, also every event of the same value as the n-th (RANK() <= n,
 * FETCH FIRST n ROWS WITH TIES), so a list can hold more than n.
 */
export class RankRule {
  constructor(
    readonly n: number,
    readonly descending: boolean,
    readonly withTies: boolean,
  ) {}

  /** a ranks before b. */
  before(a: Ranked, b: Ranked): boolean {
    if (a.v !== b.v) return this.descending ? a.v > b.v : a.v < b.v;
    return a.t < b.t || (a.t === b.t && a.q < b.q);
  }

  /**
   * Puts `entry` into `list` (kept best first) if it ranks among what the rule keeps, and drops
   * what it pushes out. An entry that ranks after a full list costs one comparison.
   */
  insert(list: Ranked[], entry: Ranked): void {
    const n = this.n;
    if (list.length >= n && !this.before(entry, list[list.length - 1] as Ranked)) {
      // After everything kept: only a tie with the n-th stays (in order: it ranks last).
      if (this.withTies && entry.v === (list[n - 1] as Ranked).v) list.push(entry);
      return;
    }
    // Binary search for the first kept entry that entry ranks before.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.before(entry, list[mid] as Ranked)) hi = mid;
      else lo = mid + 1;
    }
    list.splice(lo, 0, entry);
    if (list.length <= n) return;
    if (!this.withTies) {
      list.pop();
      return;
    }
    // Past the n-th, only entries of its value stay; the list is sorted, so they end it.
    const cut = (list[n - 1] as Ranked).v;
    while (list.length > n && (list[list.length - 1] as Ranked).v !== cut) list.pop();
  }

  /**
   * The ranks of a kept list, in order: 1, 2, 3 ... without ties; with ties, entries of one value
   * share the rank of the first of them and the next value skips past them (1, 1, 3), as RANK().
   */
  ranks(list: readonly Ranked[]): number[] {
    const out = new Array<number>(list.length);
    for (let i = 0; i < list.length; i++)
      out[i] =
        this.withTies && i > 0 && (list[i] as Ranked).v === (list[i - 1] as Ranked).v
          ? (out[i - 1] as number)
          : i + 1;
    return out;
  }
}
