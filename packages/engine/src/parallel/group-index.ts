/**
 * The group number of each key id in a combiner's bundle (window-combiner.ts, session-combiner.ts),
 * emptied at every drain. Nexmark's keys (auction, bidder) are small integers, and q5's combiner
 * looks one up per bid and starts a group for most auctions of a bundle: a Map costs a hashed lookup
 * per bid and, cleared per bundle, regrows its table each time. Integer ids go into an
 * open-addressing table of typed arrays instead, emptied in one step by moving to a new generation
 * (a slot is in use only if it carries the current one); any other id (a string, a fraction, NaN, a
 * list key) goes into a Map beside it, where NaN is one id, as in the window's own key table.
 */
const EMPTY = 0;

export class GroupIndex {
  private ids: Int32Array;
  private groups: Int32Array;
  /** Generation each slot was written in: slots of an earlier one are free. */
  private stamps: Uint32Array;
  private generation = 1;
  private mask: number;
  /** 32 - log2(size): the hash's top bits pick the slot. */
  private shift: number;
  /** Integer ids in the table this generation. */
  private count = 0;
  private readonly others = new Map<unknown, number>();

  constructor(capacity = 1024) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.ids = new Int32Array(size);
    this.groups = new Int32Array(size);
    this.stamps = new Uint32Array(size);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
  }

  get(id: unknown): number | undefined {
    if (typeof id !== 'number' || (id | 0) !== id) return this.others.get(id);
    const { ids, stamps, mask, generation } = this;
    for (let s = slotOf(id, this.shift); ; s = (s + 1) & mask) {
      if (stamps[s] !== generation) return undefined;
      if (ids[s] === id) return this.groups[s];
    }
  }

  set(id: unknown, group: number): void {
    if (typeof id !== 'number' || (id | 0) !== id) {
      this.others.set(id, group);
      return;
    }
    // At most half full, so a probe ends soon at a free slot.
    if (2 * (this.count + 1) > this.ids.length) this.grow();
    const { ids, stamps, mask, generation } = this;
    let s = slotOf(id, this.shift);
    while (stamps[s] === generation && ids[s] !== id) s = (s + 1) & mask;
    if (stamps[s] !== generation) this.count++;
    stamps[s] = generation;
    ids[s] = id;
    this.groups[s] = group;
  }

  /** Forgets every id. */
  clear(): void {
    this.others.clear();
    this.count = 0;
    if (++this.generation === 0xffffffff) {
      // Generations wrapped (after four billion bundles): start the stamps over.
      this.stamps.fill(EMPTY);
      this.generation = 1;
    }
  }

  private grow(): void {
    const { ids, groups, stamps, generation } = this;
    const size = ids.length * 2;
    this.ids = new Int32Array(size);
    this.groups = new Int32Array(size);
    this.stamps = new Uint32Array(size);
    this.mask = size - 1;
    this.shift = 32 - Math.log2(size);
    this.generation = 1;
    this.count = 0;
    for (let s = 0; s < ids.length; s++) if (stamps[s] === generation) this.set(ids[s], groups[s] as number);
  }
}

/** Fibonacci hashing: consecutive ids (new auctions) spread over the table instead of clustering. */
const slotOf = (id: number, shift: number) => Math.imul(id, 0x9e3779b1) >>> shift;
