/**
 * Per-key timers (the `within` deadlines), fired in (time, registration) order so that timeouts
 * come out in a deterministic order. Each key has a small integer slot and at most one live timer:
 * set() replaces the slot's timer, cancel() removes it.
 *
 * Most timers never fire: a key's partial match usually ends (fails or completes) long before its
 * deadline, and the operator then cancels the key's timer. So cancelling must be cheap and must not
 * touch other keys' objects: the timers live in typed arrays indexed by slot, which stay in cache.
 * Deadlines mostly come in time order (a partial match starting now, in event-time order): those
 * form a doubly linked list over the slots, appended at the tail and unlinked in O(1). The few that
 * come out of order (a key re-armed for its next partial match when its timer fires) go to a binary
 * heap, where a cancelled entry stays until it reaches the top and is skipped (lazy deletion).
 */
const NONE = -1;

export class TimerQueue<K> {
  // per slot
  private deadline = new Float64Array(0);
  /** Registration number of the slot's live timer, -1 when none. */
  private seqOf = new Float64Array(0);
  private prev = new Int32Array(0);
  private next = new Int32Array(0);
  private listed = new Uint8Array(0);
  private keys: (K | undefined)[] = [];
  // the list, in (deadline, registration) order
  private head = NONE;
  private tail = NONE;
  // the heap: parallel arrays of time, registration number and slot
  private readonly heapAt: number[] = [];
  private readonly heapSeq: number[] = [];
  private readonly heapSlot: number[] = [];
  private seq = 0;
  /** Time of the timer popDue() returned last. */
  poppedAt = Number.NaN;

  /** Time of the slot's live timer, Infinity when none. */
  liveAt(slot: number): number {
    return slot < this.deadline.length ? this.deadline[slot]! : Number.POSITIVE_INFINITY;
  }

  /** A time no live timer is before (Infinity when none): nothing is due before it. */
  peek(): number {
    const h = this.head === NONE ? Number.POSITIVE_INFINITY : this.deadline[this.head]!;
    return this.heapAt.length === 0 ? h : Math.min(h, this.heapAt[0]!);
  }

  /** Sets the slot's timer to `at`, replacing its live one if any. */
  set(at: number, slot: number, key: K): void {
    this.ensureSlot(slot);
    if (this.seqOf[slot] !== NONE) this.cancel(slot);
    const seq = this.seq++;
    this.seqOf[slot] = seq;
    this.deadline[slot] = at;
    this.keys[slot] = key;
    const tail = this.tail;
    if (tail === NONE || this.deadline[tail]! <= at) {
      this.listed[slot] = 1;
      this.prev[slot] = tail;
      this.next[slot] = NONE;
      if (tail === NONE) this.head = slot;
      else this.next[tail] = slot;
      this.tail = slot;
    } else this.heapPush(at, seq, slot);
  }

  cancel(slot: number): void {
    if (slot >= this.seqOf.length || this.seqOf[slot] === NONE) return;
    if (this.listed[slot] === 1) this.unlink(slot);
    this.seqOf[slot] = NONE;
    this.deadline[slot] = Number.POSITIVE_INFINITY;
    this.keys[slot] = undefined;
  }

  /**
   * Removes and returns the key of the earliest live timer due at or before `time` (its time then
   * in poppedAt), or undefined when none is due.
   */
  popDue(time: number): K | undefined {
    // cancelled heap entries reaching the top are dropped
    while (this.heapAt.length > 0 && this.seqOf[this.heapSlot[0]!] !== this.heapSeq[0]) this.heapPop();
    const head = this.head;
    const hasHeap = this.heapAt.length > 0;
    let slot: number;
    if (
      head !== NONE &&
      (!hasHeap ||
        this.deadline[head]! < this.heapAt[0]! ||
        (this.deadline[head] === this.heapAt[0] && this.seqOf[head]! < this.heapSeq[0]!))
    )
      slot = head;
    else if (hasHeap) slot = this.heapSlot[0]!;
    else return undefined;
    const at = this.deadline[slot]!;
    if (at > time) return undefined;
    if (slot !== head) this.heapPop();
    const key = this.keys[slot];
    this.cancel(slot);
    this.poppedAt = at;
    return key;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p === NONE) this.head = n;
    else this.next[p] = n;
    if (n === NONE) this.tail = p;
    else this.prev[n] = p;
    this.listed[slot] = 0;
  }

  private ensureSlot(slot: number): void {
    if (slot < this.deadline.length) return;
    let size = Math.max(64, this.deadline.length);
    while (size <= slot) size *= 2;
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(
      old: T,
      make: (n: number) => T,
      fill: number,
    ): T => {
      const a = make(size);
      a.fill(fill);
      a.set(old);
      return a;
    };
    this.deadline = grow(this.deadline, (n) => new Float64Array(n), Number.POSITIVE_INFINITY);
    this.seqOf = grow(this.seqOf, (n) => new Float64Array(n), NONE);
    this.prev = grow(this.prev, (n) => new Int32Array(n), NONE);
    this.next = grow(this.next, (n) => new Int32Array(n), NONE);
    this.listed = grow(this.listed, (n) => new Uint8Array(n), 0);
  }

  /** Whether heap entry i comes before (at, seq). */
  private before(i: number, at: number, seq: number): boolean {
    const a = this.heapAt[i]!;
    return a < at || (a === at && this.heapSeq[i]! < seq);
  }

  private heapPush(at: number, seq: number, slot: number): void {
    const { heapAt, heapSeq, heapSlot } = this;
    let i = heapAt.length;
    heapAt.push(at);
    heapSeq.push(seq);
    heapSlot.push(slot);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(parent, at, seq)) break;
      this.moveHeap(parent, i);
      i = parent;
    }
    heapAt[i] = at;
    heapSeq[i] = seq;
    heapSlot[i] = slot;
  }

  private heapPop(): void {
    const { heapAt, heapSeq, heapSlot } = this;
    const at = heapAt.pop()!;
    const seq = heapSeq.pop()!;
    const slot = heapSlot.pop()!;
    const n = heapAt.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.before(r, heapAt[l]!, heapSeq[l]!) ? r : l;
      if (!this.before(child, at, seq)) break;
      this.moveHeap(child, i);
      i = child;
    }
    heapAt[i] = at;
    heapSeq[i] = seq;
    heapSlot[i] = slot;
  }

  private moveHeap(from: number, to: number): void {
    this.heapAt[to] = this.heapAt[from]!;
    this.heapSeq[to] = this.heapSeq[from]!;
    this.heapSlot[to] = this.heapSlot[from]!;
  }
}
