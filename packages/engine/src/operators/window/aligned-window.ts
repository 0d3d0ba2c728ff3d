import type { Event, Operator, OperatorContext, OperatorNode } from '../../runtime/operator.js';
import type { Rows } from './aggregations/aggregate-fn.js';
import { type Accumulators, AggregatorSet } from './aggregations/aggregator-set.js';
import { compareTuples, compareValues } from './compare.js';
import { KeyExtractor } from './key.js';
import { timeFromJSON, timeToJSON } from './time-json.js';
import { keyFieldsOf, type WindowParams, windowParamsOf } from './window-params.js';
import { ResultBuffer, type WindowFire, windowResult } from './window-result.js';

/** Window grid of tumbling (slide = size) and sliding windows. */
export interface AlignedGrid {
  sizeMs: number;
  slideMs: number;
  offsetMs: number;
}

/**
 * One window [start, end) of the grid: the accumulator cells of every key seen in it, by key id
 * (the key values are recovered from the id when the window emits).
 */
interface Pane {
  start: number;
  end: number;
  cells: Map<unknown, Accumulators>;
  /** Keys changed since their last emission, kept only when early firing is on. */
  dirty: Set<unknown> | null;
  /** Fired on time: a later change of it is an update. */
  fired: boolean;
}

interface Snapshot {
  watermark: number | string;
  seq: number;
  panes: { start: number; end: number; fired: boolean; slots: [unknown[], unknown[], boolean][] }[];
}

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
  private readonly processingTime: boolean;
  private readonly earlyFiring: boolean;
  private ctx!: OperatorContext;
  private readonly out = new ResultBuffer();
  /** Event time up to which windows fired (in processing-time mode, the clock's). */
  private watermark = Number.NEGATIVE_INFINITY;
  /** Arrival number of the next event: orders first/last/collect ties. */
  private seq = 0;
  private panes = new Map<number, Pane>();
  /** Ends of the live panes, ascending. */
  private ends: number[] = [];
  private nextEarlyAt = Number.POSITIVE_INFINITY;
  private lastPane: Pane | undefined;
  /** Open windows per key, kept as cells come and go, so stateSize() is O(1) for metrics. */
  private keyRefs = new Map<unknown, number>();
  private slotCount = 0;
  /** The current batch's on-time rows, aggregated once the batch is routed (reused; entries past n are stale). */
  private readonly rows: Rows = { targets: [], rows: [], n: 0, events: [], times: [], seqBase: 0 };

  constructor(node: OperatorNode, grid: AlignedGrid) {
    this.nodeId = node.id;
    this.grid = grid;
    this.params = windowParamsOf(node);
    this.key = new KeyExtractor(keyFieldsOf(node, this.params));
    this.aggregator = new AggregatorSet(this.params.aggregations);
    this.processingTime = this.params.timeMode === 'processing';
    this.earlyFiring = this.params.earlyFireMs > 0;
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    if (this.earlyFiring) this.nextEarlyAt = ctx.now() + this.params.earlyFireMs;
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
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as Event;
      const t = rows.times[i] as number;
      if (!Number.isFinite(t)) {
        this.ctx.error(event, t, 'event has no valid time');
        continue;
      }
      // The window of the grid that starts last among those holding t; earlier ones precede it by slide.
      const lastStart = Math.floor((t - offsetMs) / slideMs) * slideMs + offsetMs;
      if (lastStart + sizeMs - 1 + lateness <= this.watermark) {
        this.ctx.late(event, t);
        continue;
      }
      const reason = this.aggregator.reject(event);
      if (reason !== undefined) {
        this.ctx.error(event, t, reason);
        continue;
      }
      const id = this.key.id(event);
      for (let start = lastStart; start > t - sizeMs; start -= slideMs) {
        const end = start + sizeMs;
        if (end - 1 + lateness <= this.watermark) break;
        this.route(start, end, id, event, i);
      }
    }
    this.aggregator.addRows(rows);
    this.out.flush(this.ctx);
  }

  /** Queues event i for its window's cells; late data for a fired window is added and fired at once. */
  private route(start: number, end: number, id: unknown, event: Event, i: number): void {
    let pane = this.lastPane;
    if (pane === undefined || pane.end !== end) {
      pane = this.panes.get(end) ?? this.createPane(start, end);
      this.lastPane = pane;
    }
    const cells = pane.cells.get(id) ?? this.createCells(pane, id);
    if (pane.dirty !== null) pane.dirty.add(id);
    if (pane.fired) {
      this.update(pane, id, cells, event, i);
      return;
    }
    const rows = this.rows;
    rows.targets[rows.n] = cells;
    rows.rows[rows.n] = i;
    rows.n++;
  }

  private createCells(pane: Pane, id: unknown): Accumulators {
    const cells = this.aggregator.create();
    pane.cells.set(id, cells);
    this.keyRefs.set(id, (this.keyRefs.get(id) ?? 0) + 1);
    this.slotCount++;
    return cells;
  }

  /** Late data within the allowed lateness: the window fires again at once (Flink's behaviour). */
  private update(pane: Pane, id: unknown, cells: Accumulators, event: Event, i: number): void {
    this.aggregator.add(cells, event, this.rows.times[i] as number, this.rows.seqBase + i);
    this.emit(pane, id, this.key.valuesOfId(id), cells, 'update');
  }

  private createPane(start: number, end: number): Pane {
    // A pane opened after its window's time passed (late data within lateness) counts as fired.
    const pane: Pane = {
      start,
      end,
      cells: new Map(),
      dirty: this.earlyFiring ? new Set() : null,
      fired: end - 1 <= this.watermark,
    };
    this.panes.set(end, pane);
    const ends = this.ends;
    let i = ends.length;
    while (i > 0 && (ends[i - 1] as number) > end) i--;
    ends.splice(i, 0, end);
    return pane;
  }

  private emit(pane: Pane, id: unknown, keyValues: unknown[], cells: Accumulators, fire: WindowFire): void {
    const result = windowResult(
      this.key.fields,
      keyValues,
      pane.start,
      pane.end,
      fire,
      this.aggregator,
      cells,
    );
    this.out.push(result, pane.end - 1);
    pane.dirty?.delete(id);
    const dropped = this.aggregator.takeDropped(cells);
    if (dropped > 0) this.ctx.dropped(dropped, 'collect: values over the limit');
  }

  /** Emits the keys of a pane in key order; `only` restricts to a set of key ids. */
  private emitSorted(pane: Pane, fire: WindowFire, only: Set<unknown> | null): void {
    if (this.key.fields.length === 1 && !this.key.hasObjectIds(pane.cells.keys())) {
      const ids = only === null ? [...pane.cells.keys()] : [...only];
      ids.sort(byPrimitiveId);
      for (const id of ids) this.emit(pane, id, [id], pane.cells.get(id) as Accumulators, fire);
      return;
    }
    const keyed: Keyed[] = [];
    for (const id of only ?? pane.cells.keys()) keyed.push({ id, values: this.key.valuesOfId(id) });
    keyed.sort(byKeyValues);
    for (const k of keyed) this.emit(pane, k.id, k.values, pane.cells.get(k.id) as Accumulators, fire);
  }

  /** Fires every window with end - 1 <= time, then drops those past their allowed lateness. */
  private advance(time: number): void {
    if (time <= this.watermark) return;
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

  private dropPane(pane: Pane): void {
    this.panes.delete(pane.end);
    this.slotCount -= pane.cells.size;
    for (const id of pane.cells.keys()) {
      const refs = (this.keyRefs.get(id) ?? 1) - 1;
      if (refs === 0) this.keyRefs.delete(id);
      else this.keyRefs.set(id, refs);
    }
  }

  onWatermark(watermark: number): number {
    if (!this.processingTime || watermark === Number.POSITIVE_INFINITY) this.advance(watermark);
    this.out.flush(this.ctx);
    return watermark;
  }

  onProcessingTime(now: number): void {
    // A window fires once it lies wholly in the past, so an event stamped `now` never finds it fired.
    if (this.processingTime) this.advance(now - 1);
    if (now >= this.nextEarlyAt) {
      this.fireEarly();
      this.nextEarlyAt = now + this.params.earlyFireMs;
    }
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
      watermark: timeToJSON(this.watermark),
      seq: this.seq,
      panes: this.ends.map((end) => {
        const pane = this.panes.get(end) as Pane;
        return {
          start: pane.start,
          end: pane.end,
          fired: pane.fired,
          slots: [...pane.cells].map(([id, cells]): [unknown[], unknown[], boolean] => [
            this.key.valuesOfId(id),
            this.aggregator.toJSON(cells),
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
    this.keyRefs = new Map();
    this.slotCount = 0;
    for (const p of snap.panes) {
      const pane: Pane = {
        start: p.start,
        end: p.end,
        cells: new Map(),
        dirty: this.earlyFiring ? new Set() : null,
        fired: p.fired,
      };
      for (const [keyValues, accs, dirty] of p.slots) {
        const id = this.key.idOfValues(keyValues);
        pane.cells.set(id, this.aggregator.fromJSON(accs));
        if (dirty) pane.dirty?.add(id);
        this.keyRefs.set(id, (this.keyRefs.get(id) ?? 0) + 1);
        this.slotCount++;
      }
      this.panes.set(p.end, pane);
      this.ends.push(p.end);
    }
  }

  /** keys: distinct keys with an open window; openWindows: open (window, key) pairs. */
  stateSize(): { keys: number; openWindows: number } {
    return { keys: this.keyRefs.size, openWindows: this.slotCount };
  }
}
