/**
 * The keys that have cells in some window of an aligned-window operator, each under a small index,
 * with per-key state in typed arrays (compact, so the per-event reads stay in cache):
 * - `end[k]`, `slot[k]`: the window key k was last routed to and its slot there, so most events
 *   (those of the newest window) find their cells with one Map lookup;
 * - `panes[k]`: windows holding a slot of k, so the count of live keys is kept without lookups.
 * A key no window holds any more keeps its index for a while (see sweep), so a key that comes back
 * in the next window is not deleted and re-added.
 */
export class KeyTable {
  private index = new Map<unknown, number>();
  private ids: unknown[] = [];
  private free: number[] = [];
  end = new Float64Array(0);
  slot = new Int32Array(0);
  panes = new Int32Array(0);
  /** Keys held by some window. */
  live = 0;
  /** Most keys held at once since the last sweep. */
  private peak = 0;
  /** The indexes in use ordered by id (see ordered), null until asked for or after a sweep. */
  private order: number[] | null = null;
  /** Indexes added since `order` was made. */
  private added: number[] = [];
  /**
   * Some id is not a plain primitive (a list or object key, or NaN): ids then have no order of
   * their own, and windows sort their keys by value instead.
   */
  unordered = false;

  /** The index of a key id, added when new. */
  indexOf(id: unknown): number {
    const k = this.index.get(id);
    return k === undefined ? this.add(id) : k;
  }

  idOf(k: number): unknown {
    return this.ids[k];
  }

  private add(id: unknown): number {
    let k = this.free.pop();
    if (k === undefined) {
      k = this.ids.length;
      this.ids.push(id);
      if (k >= this.end.length) this.grow(Math.max(64, 2 * this.end.length));
    } else this.ids[k] = id;
    this.index.set(id, k);
    if (this.order !== null) this.added.push(k);
    if ((typeof id === 'string' && id.charCodeAt(0) === 0) || Number.isNaN(id)) this.unordered = true;
    this.end[k] = Number.NaN;
    this.slot[k] = 0;
    this.panes[k] = 0;
    return k;
  }

  private grow(capacity: number): void {
    const end = new Float64Array(capacity);
    end.set(this.end);
    this.end = end;
    const slot = new Int32Array(capacity);
    slot.set(this.slot);
    this.slot = slot;
    const panes = new Int32Array(capacity);
    panes.set(this.panes);
    this.panes = panes;
  }

  /** Indexes in use (not all held by a window). */
  get size(): number {
    return this.index.size;
  }

  /**
   * The indexes in use in the order of their ids under `compare`. Keys recur from window to window,
   * so this is sorted once and then only the keys added since are sorted and merged in: a window
   * emits its keys in order by walking it, instead of sorting its own.
   */
  ordered(compare: (a: unknown, b: unknown) => number): readonly number[] {
    const ids = this.ids;
    const byId = (a: number, b: number) => compare(ids[a], ids[b]);
    if (this.order === null) {
      this.order = [...this.index.values()].sort(byId);
      this.added = [];
      return this.order;
    }
    if (this.added.length === 0) return this.order;
    const added = this.added.sort(byId);
    const old = this.order;
    const merged = new Array<number>(old.length + added.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < old.length && j < added.length)
      merged[n++] =
        byId(old[i] as number, added[j] as number) <= 0 ? (old[i++] as number) : (added[j++] as number);
    while (i < old.length) merged[n++] = old[i++] as number;
    while (j < added.length) merged[n++] = added[j++] as number;
    this.order = merged;
    this.added = [];
    return merged;
  }

  /** A window took a slot of key k. */
  hold(k: number): void {
    const n = this.panes[k] as number;
    this.panes[k] = n + 1;
    if (n === 0 && ++this.live > this.peak) this.peak = this.live;
  }

  /** A window holding key k was dropped. */
  release(k: number): void {
    const n = (this.panes[k] as number) - 1;
    this.panes[k] = n;
    if (n === 0) this.live--;
  }

  /**
   * Drops the keys no window holds once the table is over twice the most keys held at once since
   * the last sweep: a key absent between two windows stays, memory stays within that bound.
   */
  sweep(): void {
    if (this.index.size <= 2 * this.peak + 1024) return;
    this.peak = this.live;
    this.order = null;
    this.added = [];
    for (const [id, k] of this.index)
      if (this.panes[k] === 0) {
        this.index.delete(id);
        this.ids[k] = undefined;
        this.free.push(k);
      }
  }
}
