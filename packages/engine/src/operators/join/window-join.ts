import type {
  Event,
  KindNode,
  KindOperatorFactory,
  Operator,
  OperatorContext,
} from '../../runtime/operator.js';
import { compareTuples } from '../window/compare.js';
import { timeFromJSON, timeToJSON } from '../window/time-json.js';
import { ResultBuffer } from '../window/window-result.js';
import {
  type Buffered,
  byTimeThenArrival,
  fromJSONItem,
  type JoinSides,
  joinable,
  joinSidesOf,
  toJSONItem,
} from './join-params.js';
import { joinedEvent } from './joined-event.js';

/** The events of one key in one window; a side's list exists once it has an event. */
interface KeyBucket {
  id: unknown;
  left: Buffered[] | null;
  right: Buffered[] | null;
}

type Paired = { values: unknown[]; left: Buffered[]; right: Buffered[] };

interface Pane {
  start: number;
  end: number;
  keys: Map<unknown, KeyBucket>;
}

type JSONItem = ReturnType<typeof toJSONItem>;

interface Snapshot {
  watermark: number | string;
  seq: number;
  panes: [number, [unknown[], JSONItem[], JSONItem[]][]][];
}

/**
 * Window join (Flink's join().where().equalTo().window(Tumbling...)): pairs left and right events of
 * equal key in the same tumbling window [start, start + size); when the watermark reaches end - 1 it
 * emits every pair, by key, then left and right in (time, arrival) order, with window_start and
 * window_end; the pair's time is end - 1. An event whose window already fired is late.
 */
export class WindowJoinOperator implements Operator {
  readonly nodeId: string;
  private readonly size: number;
  private readonly sides: JoinSides;
  private ctx!: OperatorContext;
  private readonly out = new ResultBuffer();
  private watermark = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private panes = new Map<number, Pane>();
  private ends: number[] = [];

  constructor(node: KindNode<'join.window-join'>) {
    this.nodeId = node.id;
    this.size = node.params.sizeMs;
    this.sides = joinSidesOf(node);
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }

  processBatch(port: string, events: Event[], times: number[]): void {
    const isLeft = port === 'left';
    const key = isLeft ? this.sides.left : this.sides.right;
    const now = this.sides.processingTime ? this.ctx.now() : 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as Event;
      const t = this.sides.processingTime ? now : (times[i] as number);
      if (!joinable(key, this.ctx, e, t)) continue;
      const start = Math.floor(t / this.size) * this.size;
      const end = start + this.size;
      if (end - 1 <= this.watermark) {
        this.ctx.late(e, t);
        continue;
      }
      const pane = this.panes.get(end) ?? this.createPane(start, end);
      const id = key.id(e);
      let bucket = pane.keys.get(id);
      if (bucket === undefined) {
        bucket = { id, left: null, right: null };
        pane.keys.set(id, bucket);
      }
      const item: Buffered = { e, t, q: this.seq++ };
      // Buckets allocate their sides lazily: most keys of a pane see only one side.
      if (isLeft) {
        bucket.left ??= [];
        bucket.left.push(item);
      } else {
        bucket.right ??= [];
        bucket.right.push(item);
      }
    }
  }

  private createPane(start: number, end: number): Pane {
    const pane: Pane = { start, end, keys: new Map() };
    this.panes.set(end, pane);
    let i = this.ends.length;
    while (i > 0 && (this.ends[i - 1] as number) > end) i--;
    this.ends.splice(i, 0, end);
    return pane;
  }

  private fire(pane: Pane): void {
    // Only keys seen on both sides pair: sort just those.
    const buckets: Paired[] = [];
    for (const b of pane.keys.values())
      if (b.left !== null && b.right !== null)
        buckets.push({ values: this.sides.left.valuesOfId(b.id), left: b.left, right: b.right });
    buckets.sort((a, b) => compareTuples(a.values, b.values));
    for (const b of buckets) {
      b.left.sort(byTimeThenArrival);
      b.right.sort(byTimeThenArrival);
      for (const l of b.left)
        for (const r of b.right) {
          const pair = joinedEvent(l.e, r.e, this.sides.leftDeclared);
          pair.window_start = pane.start;
          pair.window_end = pane.end;
          this.out.push(pair, pane.end - 1, this.ctx);
        }
    }
  }

  private advance(time: number): void {
    if (time <= this.watermark) return;
    this.watermark = time;
    let fired = 0;
    for (const end of this.ends) {
      if (end - 1 > time) break;
      this.fire(this.panes.get(end) as Pane);
      this.panes.delete(end);
      fired++;
    }
    if (fired > 0) this.ends.splice(0, fired);
  }

  onWatermark(watermark: number): number {
    if (!this.sides.processingTime || watermark === Number.POSITIVE_INFINITY) this.advance(watermark);
    this.out.flush(this.ctx);
    return watermark;
  }

  onProcessingTime(now: number): void {
    if (!this.sides.processingTime) return;
    this.advance(now - 1);
    this.out.flush(this.ctx);
  }

  snapshot(): Snapshot {
    return {
      watermark: timeToJSON(this.watermark),
      seq: this.seq,
      panes: this.ends.map((end) => {
        const pane = this.panes.get(end) as Pane;
        return [
          pane.start,
          [...pane.keys.values()].map((b): [unknown[], JSONItem[], JSONItem[]] => [
            this.sides.left.valuesOfId(b.id),
            (b.left ?? []).map(toJSONItem),
            (b.right ?? []).map(toJSONItem),
          ]),
        ];
      }),
    };
  }

  restore(state: unknown): void {
    const snap = state as Snapshot;
    this.watermark = timeFromJSON(snap.watermark);
    this.seq = snap.seq;
    this.panes = new Map();
    this.ends = [];
    for (const [start, buckets] of snap.panes) {
      const pane = this.createPane(start, start + this.size);
      for (const [keyValues, left, right] of buckets) {
        const id = this.sides.left.idOfValues(keyValues);
        pane.keys.set(id, {
          id,
          left: left.length > 0 ? left.map(fromJSONItem) : null,
          right: right.length > 0 ? right.map(fromJSONItem) : null,
        });
      }
    }
  }

  stateSize(): { keys: number; openWindows: number } {
    const keys = new Set<unknown>();
    for (const pane of this.panes.values()) for (const id of pane.keys.keys()) keys.add(id);
    return { keys: keys.size, openWindows: this.panes.size };
  }
}

/** join.window-join */
export const windowJoin: KindOperatorFactory<'join.window-join'> = (node) => new WindowJoinOperator(node);
