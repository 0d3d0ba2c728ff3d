/**
 * A min-heap of per-key timers (the `within` deadlines), ordered by time then by registration, so
 * that timeouts fire in a deterministic order. Each key has at most one live entry; entries are
 * never removed early: a fired entry whose key moved its deadline is simply ignored (lazy deletion).
 */
export interface Timer<K> {
  at: number;
  seq: number;
  key: K;
}

export class TimerQueue<K> {
  private heap: Timer<K>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, key: K): void {
    const t = { at, seq: this.seq++, key };
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(t, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = t;
  }

  /** Earliest timer time, Infinity when empty. */
  peek(): number {
    return this.heap[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  pop(): Timer<K> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }

  clear(): void {
    this.heap = [];
  }
}

function before<K>(a: Timer<K>, b: Timer<K>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
