/**
 * Per-key timers (the `within` deadlines), fired in (time, registration) order so that timeouts
 * come out in a deterministic order. Each key has at most one live entry; entries are never removed
 * early: a fired entry whose key moved its deadline is ignored (lazy deletion).
 * Deadlines are mostly registered in time order (first event time + within, in event-time order),
 * so those go to a FIFO (O(1), cache-friendly); the ones out of order (a key re-armed for its next
 * partial match when its timer fires) go to a binary heap. Both are parallel arrays of time,
 * registration number and key, with no object per timer: a timer is set for about one event in ten.
 */
export class TimerQueue<K> {
  private fifoAt: number[] = [];
  private fifoSeq: number[] = [];
  private fifoKey: (K | null)[] = [];
  private fifoHead = 0;
  private readonly heapAt: number[] = [];
  private readonly heapSeq: number[] = [];
  private readonly heapKey: K[] = [];
  private seq = 0;
  /** Earliest timer time, kept up to date: peek() is called for every event. */
  private nextAt = Number.POSITIVE_INFINITY;
  /** Time of the timer pop() returned last. */
  poppedAt = Number.NaN;

  get size(): number {
    return this.fifoAt.length - this.fifoHead + this.heapAt.length;
  }

  push(at: number, key: K): void {
    const seq = this.seq++;
    if (at < this.nextAt) this.nextAt = at;
    const n = this.fifoAt.length;
    if (n === this.fifoHead || this.fifoAt[n - 1]! <= at) {
      this.fifoAt.push(at);
      this.fifoSeq.push(seq);
      this.fifoKey.push(key);
      return;
    }
    this.heapPush(at, seq, key);
  }

  /** Earliest timer time, Infinity when empty. */
  peek(): number {
    return this.nextAt;
  }

  /** Removes the earliest timer and returns its key (its time is then in poppedAt); undefined when empty. */
  pop(): K | undefined {
    const head = this.fifoHead;
    const fromFifo =
      head < this.fifoAt.length &&
      (this.heapAt.length === 0 ||
        this.fifoAt[head]! < this.heapAt[0]! ||
        (this.fifoAt[head] === this.heapAt[0] && this.fifoSeq[head]! < this.heapSeq[0]!));
    let key: K | undefined;
    if (fromFifo) {
      this.poppedAt = this.fifoAt[head]!;
      key = this.fifoKey[head]!;
      this.fifoKey[head] = null; // keeps no key alive
      this.fifoHead = head + 1;
      this.compactFifo();
    } else if (this.heapAt.length > 0) {
      this.poppedAt = this.heapAt[0]!;
      key = this.heapPop();
    }
    const f = this.fifoHead < this.fifoAt.length ? this.fifoAt[this.fifoHead]! : Number.POSITIVE_INFINITY;
    const h = this.heapAt.length > 0 ? this.heapAt[0]! : Number.POSITIVE_INFINITY;
    this.nextAt = Math.min(f, h);
    return key;
  }

  private compactFifo(): void {
    const head = this.fifoHead;
    if (head === this.fifoAt.length) {
      this.fifoAt = [];
      this.fifoSeq = [];
      this.fifoKey = [];
      this.fifoHead = 0;
    } else if (head >= 4096 && head * 2 >= this.fifoAt.length) {
      this.fifoAt = this.fifoAt.slice(head);
      this.fifoSeq = this.fifoSeq.slice(head);
      this.fifoKey = this.fifoKey.slice(head);
      this.fifoHead = 0;
    }
  }

  private before(i: number, at: number, seq: number): boolean {
    const a = this.heapAt[i]!;
    return a < at || (a === at && this.heapSeq[i]! < seq);
  }

  private heapPush(at: number, seq: number, key: K): void {
    const { heapAt, heapSeq, heapKey } = this;
    let i = heapAt.length;
    heapAt.push(at);
    heapSeq.push(seq);
    heapKey.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(parent, at, seq)) break;
      heapAt[i] = heapAt[parent]!;
      heapSeq[i] = heapSeq[parent]!;
      heapKey[i] = heapKey[parent]!;
      i = parent;
    }
    heapAt[i] = at;
    heapSeq[i] = seq;
    heapKey[i] = key;
  }

  private heapPop(): K {
    const { heapAt, heapSeq, heapKey } = this;
    const top = heapKey[0]!;
    const at = heapAt.pop()!;
    const seq = heapSeq.pop()!;
    const key = heapKey.pop()!;
    const n = heapAt.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.before(r, heapAt[l]!, heapSeq[l]!) ? r : l;
      if (!this.before(child, at, seq)) break;
      heapAt[i] = heapAt[child]!;
      heapSeq[i] = heapSeq[child]!;
      heapKey[i] = heapKey[child]!;
      i = child;
    }
    heapAt[i] = at;
    heapSeq[i] = seq;
    heapKey[i] = key;
    return top;
  }
}
