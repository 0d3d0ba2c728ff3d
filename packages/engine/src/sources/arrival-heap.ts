/** A min-heap of event indexes by arrival key (ties: lower index first), for the generator's disorder. */
export class ArrivalHeap {
  private keys: number[] = [];
  private indexes: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  topKey(): number {
    return this.keys[0] as number;
  }

  /** Indexes held, for checkpoints. */
  contents(): number[] {
    return [...this.indexes];
  }

  push(key: number, index: number): void {
    const keys = this.keys;
    const idx = this.indexes;
    let i = keys.length;
    keys.push(key);
    idx.push(index);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes the first index to arrive. Call only when size > 0. */
  pop(): number {
    const top = this.indexes[0] as number;
    const lastKey = this.keys.pop() as number;
    const lastIndex = this.indexes.pop() as number;
    const n = this.keys.length;
    if (n > 0) {
      this.keys[0] = lastKey;
      this.indexes[0] = lastIndex;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < n && this.less(l, m)) m = l;
        if (r < n && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a] as number;
    const kb = this.keys[b] as number;
    return ka < kb || (ka === kb && (this.indexes[a] as number) < (this.indexes[b] as number));
  }

  private swap(a: number, b: number): void {
    const k = this.keys[a] as number;
    this.keys[a] = this.keys[b] as number;
    this.keys[b] = k;
    const x = this.indexes[a] as number;
    this.indexes[a] = this.indexes[b] as number;
    this.indexes[b] = x;
  }
}
