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

interface Slot {
  keyValues: unknown[];
  accs: Accumulators;
  /** Changed since its last emission: early firings emit only what changed. */
  dirty: boolean;
}

/** One window [start, end) of the grid, holding the accumulators of every key seen in it. */
interface Pane {
  start: number;
  end: number;
  slots: Map<unknown, Slot>;
  /** Fired on time: a later change of it is an update. */
  fired: boolean;
}

interface Snapshot {
  watermark: number | string;
  seq: number;
  panes: { start: number; end: number; fired: boolean; slots: [unknown[], unknown[], boolean][] }[];
}

const bySlotKey = (a: Slot, b: Slot) => compareTuples(a.keyValues, b.keyValues);

/** The common case, one key field holding strings or numbers, without the generic tuple walk. */
function bySingleKey(a: Slot, b: Slot): number {
  const x = a.keyValues[0];
  const y = b.keyValues[0];
  if (typeof x === typeof y && (typeof x === 'string' || typeof x === 'number'))
    return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
  return compareValues(x, y);
}

/**
 * Tumbling and sliding windows. State is one pane per window end (all keys of a window share it),
 * so firing walks panes in end order and sorts each pane's keys once, never per event.
 */
export class AlignedWindowOperator implements Operator {
  readonly nodeId: string;
  private readonly grid: AlignedGrid;
  private readonly params: WindowParams;
  private readonly key: KeyExtractor;
  private readonly aggregator: AggregatorSet;
  private readonly processingTime: boolean;
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
  /** Open windows per key, kept as slots come and go, so stateSize() is O(1) for metrics. */
  private keyRefs = new Map<unknown, number>();
  private slotCount = 0;
  /** The current batch's on-time rows, added column-wise once the batch is routed (reused). */
  private readonly rows: Rows = { targets: [], rows: [], n: 0, events: [], times: [], seqBase: 0 };

  constructor(node: OperatorNode, grid: AlignedGrid) {
    this.nodeId = node.id;
    this.grid = grid;
    this.params = windowParamsOf(node);
    this.key = new KeyExtractor(keyFieldsOf(node, this.params));
    this.aggregator = new AggregatorSet(this.params.aggregations);
    this.processingTime = this.params.timeMode === 'processing';
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    if (this.params.earlyFireMs > 0) this.nextEarlyAt = ctx.now() + this.params.earlyFireMs;
  }

  processBatch(_port: string, events: Event[], times: number[]): void {
    const { sizeMs, slideMs, offsetMs } = this.grid;
    const lateness = this.params.allowedLatenessMs;
    const now = this.processingTime ? this.ctx.now() : 0;
    const rows = this.rows;
    rows.n = 0;
    rows.events = events;
    rows.times = this.processingTime ? events.map(() => now) : times;
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
    // Entries past n are stale; overwriting them keeps the arrays' backing stores across batches.
    this.aggregator.addRows(rows);
    this.out.flush(this.ctx);
  }

  /** Queues event i for its window's accumulators; late data for a fired window is added and fired at once. */
  private route(start: number, end: number, id: unknown, event: Event, i: number): void {
    let pane = this.lastPane;
    if (pane === undefined || pane.end !== end) {
      pane = this.panes.get(end) ?? this.createPane(start, end);
      this.lastPane = pane;
    }
    let slot = pane.slots.get(id);
    if (slot === undefined) {
      slot = { keyValues: this.key.values(event), accs: this.aggregator.create(), dirty: false };
      pane.slots.set(id, slot);
      this.keyRefs.set(id, (this.keyRefs.get(id) ?? 0) + 1);
      this.slotCount++;
    }
    slot.dirty = true;
    const rows = this.rows;
    if (!pane.fired) {
      rows.targets[rows.n] = slot.accs;
      rows.rows[rows.n] = i;
      rows.n++;
      return;
    }
    // Late data within the allowed lateness: the window fires again at once (Flink's behaviour).
    this.aggregator.add(slot.accs, event, rows.times[i] as number, rows.seqBase + i);
    this.emit(pane, slot, 'update');
  }

  private createPane(start: number, end: number): Pane {
    // A pane opened after its window's time passed (late data within lateness) counts as fired.
    const pane: Pane = { start, end, slots: new Map(), fired: end - 1 <= this.watermark };
    this.panes.set(end, pane);
    const ends = this.ends;
    let i = ends.length;
    while (i > 0 && (ends[i - 1] as number) > end) i--;
    ends.splice(i, 0, end);
    return pane;
  }

  private emit(pane: Pane, slot: Slot, fire: WindowFire): void {
    const result = windowResult(
      this.key.fields,
      slot.keyValues,
      pane.start,
      pane.end,
      fire,
      this.aggregator,
      slot.accs,
    );
    this.out.push(result, pane.end - 1);
    slot.dirty = false;
    const dropped = this.aggregator.takeDropped(slot.accs);
    if (dropped > 0) this.ctx.dropped(dropped, 'collect: values over the limit');
  }

  private sortedSlots(pane: Pane): Slot[] {
    const slots = [...pane.slots.values()];
    if (slots.length > 1) slots.sort(this.key.fields.length === 1 ? bySingleKey : bySlotKey);
    return slots;
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
        for (const slot of this.sortedSlots(pane)) this.emit(pane, slot, 'final');
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
    this.slotCount -= pane.slots.size;
    for (const id of pane.slots.keys()) {
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
      if (pane.fired) continue;
      for (const slot of this.sortedSlots(pane)) if (slot.dirty) this.emit(pane, slot, 'early');
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
          slots: [...pane.slots.values()].map((s): [unknown[], unknown[], boolean] => [
            s.keyValues,
            this.aggregator.toJSON(s.accs),
            s.dirty,
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
      const slots = new Map<unknown, Slot>();
      for (const [keyValues, accs, dirty] of p.slots) {
        const id = this.key.idOfValues(keyValues);
        slots.set(id, { keyValues, accs: this.aggregator.fromJSON(accs), dirty });
        this.keyRefs.set(id, (this.keyRefs.get(id) ?? 0) + 1);
        this.slotCount++;
      }
      this.panes.set(p.end, { start: p.start, end: p.end, slots, fired: p.fired });
      this.ends.push(p.end);
    }
  }

  /** keys: distinct keys with an open window; openWindows: open (window, key) pairs. */
  stateSize(): { keys: number; openWindows: number } {
    return { keys: this.keyRefs.size, openWindows: this.slotCount };
  }
}
