/**
 * Per-key timers (the `within` deadlines), fired in (time, registration) order so that timeouts
 * come out in a deterministic order. Each key has at most one live entry; entries are never removed
 * early: a fired entry whose key moved its deadline is ignored (lazy deletion).
 * Deadlines are mostly registered in time order (first event time + within, in event-time order),
 * so those go to a FIFO (O(1), cache-friendly); the few out of order go to a binary heap.
 */
export interface Timer<K> {
  at: number;
  seq: number;
  key: K;
}

export class TimerQueue<K> {
  private fifo: Timer<K>[] = [];
  private fifoHead = 0;
  private heap: Timer<K>[] = [];
  private seq = 0;
  /** Earliest timer time, kept up to date: peek() is called for every event. */
  private nextAt = Number.POSITIVE_INFINITY;

  get size(): number {
    return this.fifo.length - this.fifoHead + this.heap.length;
  }

  push(at: number, key: K): void {
    const t = { at, seq: this.seq++, key };
    if (at < this.nextAt) this.nextAt = at;
    const fifo = this.fifo;
    if (fifo.length === this.fifoHead || fifo[fifo.length - 1]!.at <= at) {
      fifo.push(t);
      return;
    }
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
    return this.nextAt;
  }

  private earliest(): number {
    const f = this.fifo[this.fifoHead];
    const h = this.heap[0];
    if (f === undefined) return h?.at ?? Number.POSITIVE_INFINITY;
    return h === undefined || f.at <= h.at ? f.at : h.at;
  }

  pop(): Timer<K> | undefined {
    const f = this.fifo[this.fifoHead];
    const h = this.heap[0];
    const t = f !== undefined && (h === undefined || before(f, h)) ? this.popFifo() : this.popHeap();
    this.nextAt = this.earliest();
    return t;
  }

  private popFifo(): Timer<K> {
    const t = this.fifo[this.fifoHead++]!;
    if (this.fifoHead === this.fifo.length) {
      this.fifo = [];
      this.fifoHead = 0;
    } else if (this.fifoHead >= 4096 && this.fifoHead * 2 >= this.fifo.length) {
      this.fifo = this.fifo.slice(this.fifoHead);
      this.fifoHead = 0;
    }
    return t;
  }

  private popHeap(): Timer<K> | undefined {
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
}

function before<K>(a: Timer<K>, b: Timer<K>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
