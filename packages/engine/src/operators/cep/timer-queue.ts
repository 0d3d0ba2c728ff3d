/**
 * Per-key timers (the `within` deadlines), fired in (time, registration) order so that timeouts
 * come out in a deterministic order. Each key has at most one live entry; entries are never removed
 * early: a fired entry whose key moved its deadline is ignored (lazy deletion).
 * Deadlines are mostly registered in time order (first event time + within, in event-time order),
 * so those go to a FIFO (O(1), cache-friendly); the few out of order go to a binary heap.
 */
import { MinHeap } from '../window/min-heap.js';

export interface Timer<K> {
  at: number;
  seq: number;
  key: K;
}

export class TimerQueue<K> {
  private fifo: Timer<K>[] = [];
  private fifoHead = 0;
  private readonly heap = new MinHeap<Timer<K>>((a, b) => a.at - b.at || a.seq - b.seq);
  private seq = 0;
  /** Earliest timer time, kept up to date: peek() is called for every event. */
  private nextAt = Number.POSITIVE_INFINITY;

  get size(): number {
    return this.fifo.length - this.fifoHead + this.heap.size;
  }

  push(at: number, key: K): void {
    const t = { at, seq: this.seq++, key };
    if (at < this.nextAt) this.nextAt = at;
    const fifo = this.fifo;
    if (fifo.length === this.fifoHead || fifo[fifo.length - 1]!.at <= at) {
      fifo.push(t);
      return;
    }
    this.heap.push(t);
  }

  /** Earliest timer time, Infinity when empty. */
  peek(): number {
    return this.nextAt;
  }

  private earliest(): number {
    const f = this.fifo[this.fifoHead];
    const h = this.heap.peek();
    if (f === undefined) return h?.at ?? Number.POSITIVE_INFINITY;
    return h === undefined || f.at <= h.at ? f.at : h.at;
  }

  pop(): Timer<K> | undefined {
    const f = this.fifo[this.fifoHead];
    const h = this.heap.peek();
    const t = f !== undefined && (h === undefined || before(f, h)) ? this.popFifo() : this.heap.pop();
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
}

function before<K>(a: Timer<K>, b: Timer<K>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
