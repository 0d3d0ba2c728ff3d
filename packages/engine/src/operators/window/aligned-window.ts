import type { Event, Operator, OperatorContext, OperatorNode } from '../../runtime/operator.js';
import type { Rows } from './aggregations/aggregate-fn.js';
import { type Accumulators, AggregatorSet } from './aggregations/aggregator-set.js';
import { compareTuples, compareValues } from './compare.js';
import { KeyExtractor } from './key.js';
import { KeyTable } from './key-table.js';
import { timeFromJSON, timeToJSON } from './time-json.js';
import { WindowClock } from './window-clock.js';
import { alignedStart, keyFieldsOf, type WindowParams } from './window-params.js';
import { ResultBuffer, ResultMaker, type WindowFire } from './window-result.js';

/** Window grid of tumbling (slide = size) and sliding windows. */
export interface AlignedGrid {
  sizeMs: number;
  slideMs: number;
  offsetMs: number;
}

/**
 * One window [start, end) of the grid and the accumulator cells of every key seen in it. A key has
 * a slot (by key id; the key values are recovered from the id when the window emits). With flat
 * aggregations (count, sum, avg) slot k's cells are flat[k * width ..], one Float64Array for the
 * whole window, so a new key costs no allocation; otherwise they are cells[k].
 */
interface Pane {
  start: number;
  end: number;
  slots: Map<unknown, number>;
  /** The key (KeyTable index) of each slot. */
  keys: number[];
  /** Some key id stands for a list or object value (see KeyExtractor.hasObjectIds). */
  objectIds: boolean;
  flat: Float64Array;
  cells: Accumulators[];
  /** Keys changed since their last emission, kept only when early firing is on. */
  dirty: Set<unknown> | null;
  /** Fired on time: a later change of it is an update. */
  fired: boolean;
}

const EMPTY = new Float64Array(0);

/**
 * Operator state. `layout` says what the panes are: 'windows' (absent in snapshots made before pane
 * sharing) holds one pane per window; 'panes' one per slide, windows being combined when they fire.
 */
interface Snapshot {
  layout?: 'windows' | 'panes';
  watermark: number | string;
  seq: number;
  panes: { start: number; end: number; fired: boolean; slots: [unknown[], unknown[], boolean][] }[];
}

/** Aggregations whose cells over a window are the merge of the cells of its slide panes, exactly. */
const COMBINABLE = new Set(['count', 'sum', 'avg', 'min', 'max', 'first', 'last']);

type Keyed = { id: unknown; values: unknown[] };
const byKeyValues = (a: Keyed, b: Keyed) => compareTuples(a.values, b.values);

/** Ids of a single string or number key field are the values themselves: sorted without the tuple walk. */
function byPrimitiveId(a: unknown, b: unknown): number {
  if (typeof a === typeof b)
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  return compareValues(a, b);
}

/**
 * Tumbling and sliding windows. State is one pane per window end (all keys of a window share it),
 * so firing walks panes in end order and sorts each pane's keys once, never per event. A batch is
 * routed first (each on-time event to the cells of its windows), then aggregated column-wise.
 */
export class AlignedWindowOperator implements Operator {
  readonly nodeId: string;
  private readonly grid: AlignedGrid;
  private readonly params: WindowParams;
  private readonly key: KeyExtractor;
  private readonly aggregator: AggregatorSet;
  private readonly results: ResultMaker;
  /** aggregator.flat: cells in the panes' Float64Arrays, added as events are routed. */
  private readonly flat: boolean;
  private readonly width: number;
  private readonly processingTime: boolean;
  private readonly earlyFiring: boolean;
  /**
   * Pane sharing (sliding windows whose slide divides their size, combinable aggregations, no early
   * firing): each event is added once, to its slide-long pane, instead of to size/slide windows;
   * a window's cells are the merge of its panes' when it fires. Otherwise a pane is a window.
   */
  private readonly canShare: boolean;
  private paned: boolean;
  /** Scratch of mergeWindow: slot + 1 of each key index in the window being merged, else 0. */
  private mergeSlot = new Int32Array(0);
  private ctx!: OperatorContext;
  private readonly out = new ResultBuffer();
  /** Event time up to which windows fired (in processing-time mode, the clock's). */
  private watermark = Number.NEGATIVE_INFINITY;
  /** Arrival number of the next event: orders first/last/collect ties. */
  private seq = 0;
  private panes = new Map<number, Pane>();
  /** Ends of the live panes, ascending. */
  private ends: number[] = [];
  private readonly clock: WindowClock;
  private lastPane: Pane | undefined;
  /** Keys with cells in some window; with slotCount, stateSize() is O(1) for metrics. */
  private keyTable = new KeyTable();
  private slotCount = 0;
  /** Scratch for emitInTableOrder: slot + 1 of each key index in the pane being emitted, else 0. */
  private slotOf = new Int32Array(0);
  /** Slots of the last window dropped: the size a new window's flat buffer starts at. */
  private slotsHint = 0;
  /** The current batch's on-time rows, aggregated once the batch is routed (reused; entries past n are stale). */
  private readonly rows: Rows = { targets: [], rows: [], n: 0, events: [], times: [], seqBase: 0 };

  constructor(node: OperatorNode<WindowParams>, grid: AlignedGrid) {
    this.nodeId = node.id;
    this.grid = grid;
    this.params = node.params;
    this.key = new KeyExtractor(keyFieldsOf(node, this.params));
    this.aggregator = new AggregatorSet(this.params.aggregations);
    this.results = new ResultMaker(this.key.fields, this.aggregator);
    this.flat = this.aggregator.flat;
    this.width = this.aggregator.width;
    this.processingTime = this.params.timeMode === 'processing';
    this.earlyFiring = this.params.earlyFireMs > 0;
    this.canShare =
      !this.earlyFiring &&
      grid.slideMs < grid.sizeMs &&
      grid.sizeMs % grid.slideMs === 0 &&
      this.params.aggregations.every((a) => COMBINABLE.has(a.fn));
    this.paned = this.canShare;
    this.clock = new WindowClock(
      this.params,
      (time) => this.advance(time),
      () => this.fireEarly(),
    );
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.clock.open(ctx);
  }

  processBatch(_port: string, events: Event[], times: number[]): void {
    const { sizeMs, slideMs, offsetMs } = this.grid;
    const lateness = this.params.allowedLatenessMs;
    const rows = this.rows;
    rows.n = 0;
    rows.events = events;
    if (this.processingTime) {
      const now = this.ctx.now();
      rows.times = events.map(() => now);
    } else rows.times = times;
    rows.seqBase = this.seq;
    this.seq += events.length;
    // Tumbling with flat cells: an event inside the last window routed to, while it is open, belongs
    // to that window only and cannot be late, so it skips the grid arithmetic and, when its key
    // was last routed to that window too, the slot lookup (the common case: see route).
    const fast = this.flat && (slideMs === sizeMs || this.paned);
    const aggregator = this.aggregator;
    const key = this.key;
    const width = this.width;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as Event;
      const t = rows.times[i] as number;
      const pane = this.lastPane;
      if (fast && pane !== undefined && t >= pane.start && t < pane.end && !pane.fired) {
        if (aggregator.refuses(this.ctx, event, t)) continue;
        const keys = this.keyTable;
        const k = keys.indexOf(key.id(event));
        if (keys.end[k] === pane.end && pane.dirty === null)
          aggregator.addFlat(pane.flat, (keys.slot[k] as number) * width, event);
        else this.route(pane.start, pane.end, k, event, i);
        continue;
      }
      if (!Number.isFinite(t)) {
        this.ctx.error(event, t, 'event has no valid time');
        continue;
      }
      // The window of the grid that starts last among those holding t; earlier ones precede it by slide.
      const lastStart = alignedStart(t, slideMs, offsetMs);
      if (lastStart + sizeMs - 1 + lateness <= this.watermark) {
        this.ctx.late(event, t);
        continue;
      }
      if (this.aggregator.refuses(this.ctx, event, t)) continue;
      const k = this.keyTable.indexOf(this.key.id(event));
      if (this.paned) {
        this.route(lastStart, lastStart + slideMs, k, event, i);
        continue;
      }
      for (let start = lastStart; start > t - sizeMs; start -= slideMs) {
        const end = start + sizeMs;
        if (end - 1 + lateness <= this.watermark) break;
        this.route(start, end, k, event, i);
      }
    }
    this.aggregator.addRows(rows);
    this.out.flush(this.ctx);
  }

  /**
   * Adds event i to its window's cells (flat cells at once, others queued for addRows); late data
   * for a fired window is added and fired at once.
   */
  private route(start: number, end: number, k: number, event: Event, i: number): void {
    let pane = this.lastPane;
    if (pane === undefined || pane.end !== end) {
      pane = this.panes.get(end) ?? this.createPane(start, end);
      this.lastPane = pane;
    }
    const keys = this.keyTable;
    const id = keys.idOf(k);
    let slot: number;
    if (keys.end[k] === end) slot = keys.slot[k] as number;
    else {
      slot = pane.slots.get(id) ?? this.createSlot(pane, k);
      keys.end[k] = end;
      keys.slot[k] = slot;
    }
    if (pane.dirty !== null) pane.dirty.add(id);
    if (pane.fired) {
      this.update(pane, id, slot, event, i);
      return;
    }
    const rows = this.rows;
    if (this.flat) {
      this.aggregator.addFlat(pane.flat, slot * this.width, event);
      return;
    }
    rows.targets[rows.n] = pane.cells[slot] as Accumulators;
    rows.rows[rows.n] = i;
    rows.n++;
  }

  private createSlot(pane: Pane, k: number): number {
    const id = this.keyTable.idOf(k);
    const slot = pane.keys.length;
    pane.slots.set(id, slot);
    pane.keys.push(k);
    if (typeof id === 'string' && id.charCodeAt(0) === 0) pane.objectIds = true;
    if (this.flat) {
      const base = slot * this.width;
      if (base + this.width > pane.flat.length) {
        const grown = new Float64Array(Math.max(16, this.slotsHint, 2 * slot) * this.width);
        grown.set(pane.flat);
        pane.flat = grown;
      }
      this.aggregator.initFlat(pane.flat, base);
    } else pane.cells.push(this.aggregator.create());
    this.keyTable.hold(k);
    this.slotCount++;
    return slot;
  }

  /** Late data within the allowed lateness: the window fires again at once (Flink's behaviour). */
  private update(pane: Pane, id: unknown, slot: number, event: Event, i: number): void {
    const [accs, base] = this.cellsOf(pane, slot);
    this.aggregator.addAt(accs, base, event, this.rows.times[i] as number, this.rows.seqBase + i);
    if (!this.paned) {
      this.emit(pane, id, this.key.valuesOfId(id), slot, 'update');
      return;
    }
    // Every fired window holding the pane and within lateness, latest first as the per-window path.
    const { sizeMs, slideMs } = this.grid;
    const lateness = this.params.allowedLatenessMs;
    for (let end = pane.start + sizeMs; end >= pane.end; end -= slideMs) {
      if (end - 1 + lateness <= this.watermark) break;
      if (end - 1 <= this.watermark) this.emitMergedKey(end - sizeMs, end, id, 'update');
    }
  }

  /** The result of one key over the window [start, end): its cells in the window's panes, merged. */
  private emitMergedKey(start: number, end: number, id: unknown, fire: WindowFire): void {
    const aggregator = this.aggregator;
    const width = this.width;
    const cells: Accumulators | Float64Array = this.flat ? new Float64Array(width) : aggregator.create();
    for (let pe = start + this.grid.slideMs; pe <= end; pe += this.grid.slideMs) {
      const pane = this.panes.get(pe);
      const slot = pane?.slots.get(id);
      if (pane === undefined || slot === undefined) continue;
      if (cells instanceof Float64Array)
        for (let c = 0; c < width; c++)
          cells[c] = (cells[c] as number) + (pane.flat[slot * width + c] as number);
      else aggregator.merge(cells, pane.cells[slot] as Accumulators);
    }
    this.out.push(this.results.make(this.key.valuesOfId(id), start, end, fire, cells), end - 1, this.ctx);
  }

  /**
   * The window [start, end) as one pane: the union of its slide panes' keys, each key's cells merged
   * over them in time order (first/last break ties by time and arrival, so the order of merging does
   * not change them; min/max keep the first of equal values as adding in arrival order does).
   * `hold`: the keys are held in the key table (a pane that stays), not a scratch one to emit.
   */
  private mergeWindow(start: number, end: number, hold: boolean): Pane {
    const table = this.keyTable;
    const width = this.width;
    const win = this.newPane(start, end, end - 1 <= this.watermark);
    if (this.mergeSlot.length < table.end.length) this.mergeSlot = new Int32Array(table.end.length);
    const mergeSlot = this.mergeSlot;
    for (let pe = start + this.grid.slideMs; pe <= end; pe += this.grid.slideMs) {
      const pane = this.panes.get(pe);
      if (pane === undefined) continue;
      const keys = pane.keys;
      for (let s = 0; s < keys.length; s++) {
        const k = keys[s] as number;
        let w = (mergeSlot[k] as number) - 1;
        if (w < 0) {
          w = win.keys.length;
          mergeSlot[k] = w + 1;
          if (hold) this.createSlot(win, k);
          else this.addScratchSlot(win, k);
        }
        if (this.flat) {
          const from = pane.flat;
          const into = win.flat;
          const a = w * width;
          const b = s * width;
          for (let c = 0; c < width; c++) into[a + c] = (into[a + c] as number) + (from[b + c] as number);
        } else this.aggregator.merge(win.cells[w] as Accumulators, pane.cells[s] as Accumulators);
      }
    }
    for (let w = 0; w < win.keys.length; w++) mergeSlot[win.keys[w] as number] = 0;
    if (!hold && !this.inTableOrder(win, null))
      for (let w = 0; w < win.keys.length; w++) win.slots.set(table.idOf(win.keys[w] as number), w);
    return win;
  }

  /**
   * createSlot() for a window made only to be emitted: the key table and state counts stay as they
   * are, and win.slots is left for emitSorted to fill if it needs it.
   */
  private addScratchSlot(win: Pane, k: number): void {
    const id = this.keyTable.idOf(k);
    const slot = win.keys.length;
    win.keys.push(k);
    if (typeof id === 'string' && id.charCodeAt(0) === 0) win.objectIds = true;
    if (this.flat) {
      if ((slot + 1) * this.width > win.flat.length) {
        const grown = new Float64Array(Math.max(16, this.slotsHint, 2 * slot) * this.width);
        grown.set(win.flat);
        win.flat = grown;
      }
    } else win.cells.push(this.aggregator.create());
  }

  /** Where slot's cells are: the pane's flat buffer from a base, or its own cells. */
  private cellsOf(pane: Pane, slot: number): [Accumulators | Float64Array, number] {
    return this.flat ? [pane.flat, slot * this.width] : [pane.cells[slot] as Accumulators, 0];
  }

  private newPane(start: number, end: number, fired: boolean): Pane {
    return {
      start,
      end,
      slots: new Map(),
      keys: [],
      objectIds: false,
      flat: EMPTY,
      cells: [],
      dirty: this.earlyFiring ? new Set() : null,
      fired,
    };
  }

  private createPane(start: number, end: number): Pane {
    // A pane opened after its window's time passed (late data within lateness) counts as fired.
    const pane = this.newPane(start, end, end - 1 <= this.watermark);
    this.panes.set(end, pane);
    const ends = this.ends;
    let i = ends.length;
    while (i > 0 && (ends[i - 1] as number) > end) i--;
    ends.splice(i, 0, end);
    return pane;
  }

  private emit(pane: Pane, id: unknown, keyValues: unknown[], slot: number, fire: WindowFire): void {
    let result: Event;
    if (this.flat)
      result = this.results.make(keyValues, pane.start, pane.end, fire, pane.flat, slot * this.width);
    else {
      const cells = pane.cells[slot] as Accumulators;
      result = this.results.make(keyValues, pane.start, pane.end, fire, cells);
      const dropped = this.aggregator.takeDropped(cells);
      if (dropped > 0) this.ctx.dropped(dropped, 'collect: values over the limit');
    }
    this.out.push(result, pane.end - 1, this.ctx);
    pane.dirty?.delete(id);
  }

  /** Emits the keys of a pane in key order; `only` restricts to a set of key ids. */
  private emitSorted(pane: Pane, fire: WindowFire, only: Set<unknown> | null): void {
    const slots = pane.slots;
    if (this.inTableOrder(pane, only)) {
      this.emitInTableOrder(pane, fire);
      return;
    }
    if (this.key.fields.length === 1 && !pane.objectIds) {
      const ids = only === null ? [...slots.keys()] : [...only];
      ids.sort(byPrimitiveId);
      const values: unknown[] = [undefined];
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        values[0] = id;
        this.emit(pane, id, values, slots.get(id) as number, fire);
      }
      return;
    }
    const keyed: Keyed[] = [];
    for (const id of only ?? slots.keys()) keyed.push({ id, values: this.key.valuesOfId(id) });
    keyed.sort(byKeyValues);
    for (const k of keyed) this.emit(pane, k.id, k.values, slots.get(k.id) as number, fire);
  }

  /** emitSorted() takes emitInTableOrder (which reads pane.keys only, not pane.slots). */
  private inTableOrder(pane: Pane, only: Set<unknown> | null): boolean {
    return (
      only === null &&
      this.key.fields.length === 1 &&
      !this.keyTable.unordered &&
      4 * pane.keys.length >= this.keyTable.size
    );
  }

  /**
   * emitSorted() of a whole pane holding much of the key table: walks the table's key order (kept
   * across windows) and emits the keys the pane has, with no sorting of its own.
   */
  private emitInTableOrder(pane: Pane, fire: WindowFire): void {
    const table = this.keyTable;
    const order = table.ordered(byPrimitiveId);
    const keys = pane.keys;
    if (this.slotOf.length < table.end.length) this.slotOf = new Int32Array(table.end.length);
    const slotOf = this.slotOf;
    for (let s = 0; s < keys.length; s++) slotOf[keys[s] as number] = s + 1;
    const values: unknown[] = [undefined];
    for (let i = 0; i < order.length; i++) {
      const k = order[i] as number;
      const s = slotOf[k] as number;
      if (s === 0) continue;
      slotOf[k] = 0;
      const id = table.idOf(k);
      values[0] = id;
      this.emit(pane, id, values, s - 1, fire);
    }
  }

  /** Fires every window with end - 1 <= time, then drops those past their allowed lateness. */
  private advance(time: number): void {
    if (time <= this.watermark) return;
    if (this.paned) {
      this.advancePanes(time);
      return;
    }
    this.watermark = time;
    const lateness = this.params.allowedLatenessMs;
    let expired = 0;
    for (const end of this.ends) {
      if (end - 1 > time) break;
      const pane = this.panes.get(end) as Pane;
      if (!pane.fired) {
        this.emitSorted(pane, 'final', null);
        pane.fired = true;
      }
      if (end - 1 + lateness <= time) {
        this.dropPane(pane);
        expired++;
      }
    }
    if (expired > 0) {
      this.ends.splice(0, expired);
      this.lastPane = undefined;
    }
  }

  /**
   * advance() over slide panes: fires, in end order, every window that ends by `time` and holds a
   * pane, then drops the panes whose last window is past its allowed lateness.
   */
  private advancePanes(time: number): void {
    const previous = this.watermark;
    this.watermark = time;
    const { sizeMs, slideMs } = this.grid;
    const lateness = this.params.allowedLatenessMs;
    const ends: number[] = [];
    for (const paneEnd of this.ends)
      for (let end = paneEnd; end < paneEnd + sizeMs; end += slideMs)
        if (end - 1 > previous && end - 1 <= time) ends.push(end);
    ends.sort((a, b) => a - b);
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i] as number;
      if (i > 0 && end === ends[i - 1]) continue;
      this.emitSorted(this.mergeWindow(end - sizeMs, end, false), 'final', null);
    }
    let expired = 0;
    for (const end of this.ends) {
      if (end - 1 > time) break;
      const pane = this.panes.get(end) as Pane;
      pane.fired = true;
      // The last window holding the pane ends sizeMs - slideMs after it.
      if (end - slideMs + sizeMs - 1 + lateness <= time) {
        this.dropPane(pane);
        expired++;
      }
    }
    if (expired > 0) {
      this.ends.splice(0, expired);
      this.lastPane = undefined;
    }
  }

  private dropPane(pane: Pane): void {
    this.panes.delete(pane.end);
    const keys = pane.keys;
    this.slotCount -= keys.length;
    this.slotsHint = keys.length;
    for (let i = 0; i < keys.length; i++) this.keyTable.release(keys[i] as number);
    this.keyTable.sweep();
  }

  onWatermark(watermark: number): number {
    this.clock.onWatermark(watermark);
    this.out.flush(this.ctx);
    return watermark;
  }

  onProcessingTime(now: number): void {
    this.clock.onProcessingTime(now);
    this.out.flush(this.ctx);
  }

  /** Partial results of the open windows that changed since they were last emitted. */
  private fireEarly(): void {
    for (const end of this.ends) {
      const pane = this.panes.get(end) as Pane;
      if (!pane.fired && pane.dirty !== null && pane.dirty.size > 0)
        this.emitSorted(pane, 'early', new Set(pane.dirty));
    }
  }

  snapshot(): Snapshot {
    return {
      layout: this.paned ? 'panes' : 'windows',
      watermark: timeToJSON(this.watermark),
      seq: this.seq,
      panes: this.ends.map((end) => {
        const pane = this.panes.get(end) as Pane;
        return {
          start: pane.start,
          end: pane.end,
          fired: pane.fired,
          slots: [...pane.slots].map(([id, slot]): [unknown[], unknown[], boolean] => [
            this.key.valuesOfId(id),
            this.aggregator.toJSON(...this.cellsOf(pane, slot)),
            pane.dirty?.has(id) ?? false,
          ]),
        };
      }),
    };
  }

  restore(state: unknown): void {
    const snap = state as Snapshot;
    this.watermark = timeFromJSON(snap.watermark);
    this.seq = snap.seq;
    this.panes = new Map();
    this.ends = [];
    this.lastPane = undefined;
    this.keyTable = new KeyTable();
    this.slotCount = 0;
    for (const p of snap.panes) {
      const pane = this.newPane(p.start, p.end, p.fired);
      for (const [keyValues, accs, dirty] of p.slots) {
        const id = this.key.idOfValues(keyValues);
        const slot = this.createSlot(pane, this.keyTable.indexOf(id));
        if (this.flat) this.aggregator.fromJSONFlat(accs, pane.flat, slot * this.width);
        else pane.cells[slot] = this.aggregator.fromJSON(accs);
        if (dirty) pane.dirty?.add(id);
      }
      this.panes.set(p.end, pane);
      this.ends.push(p.end);
    }
    // A snapshot of one pane per window keeps that layout; one of slide panes that this operator
    // cannot share any more (early firing turned on since) becomes one of windows.
    this.paned = snap.layout === 'panes';
    if (this.paned && !this.canShare) this.panesToWindows();
  }

  /** Replaces the slide panes by the windows they make that are still within lateness. */
  private panesToWindows(): void {
    const { sizeMs, slideMs } = this.grid;
    const lateness = this.params.allowedLatenessMs;
    const windowEnds = new Set<number>();
    for (const paneEnd of this.ends)
      for (let end = paneEnd; end < paneEnd + sizeMs; end += slideMs)
        if (end - 1 + lateness > this.watermark) windowEnds.add(end);
    const ordered = [...windowEnds].sort((a, b) => a - b);
    const panes = this.panes;
    const paneEnds = this.ends;
    // Windows are merged from the slide panes while those still hold their keys, then the panes go.
    const windows = ordered.map((end) => this.mergeWindow(end - sizeMs, end, true));
    for (const end of paneEnds) this.dropPane(panes.get(end) as Pane);
    this.panes = new Map(windows.map((w) => [w.end, w]));
    this.ends = ordered;
    this.lastPane = undefined;
    this.paned = false;
    // The keys' last-routed cache names pane ends, which are window ends too: forget it.
    this.keyTable.end.fill(Number.NaN);
  }

  /** keys: distinct keys with an open window; openWindows: open (window, key) pairs. */
  stateSize(): { keys: number; openWindows: number } {
    return { keys: this.keyTable.live, openWindows: this.slotCount };
  }
}
