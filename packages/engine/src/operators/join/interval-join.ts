import type {
  Event,
  KindNode,
  KindOperatorFactory,
  Operator,
  OperatorContext,
} from '../../runtime/operator.js';
import { MinHeap } from '../window/min-heap.js';
import { timeFromJSON, timeToJSON } from '../window/time-json.js';
import { ResultBuffer } from '../window/window-result.js';
import {
  type Buffered,
  fromJSONItem,
  type JoinSides,
  joinable,
  joinSidesOf,
  toJSONItem,
} from './join-params.js';
import { joinedEvent } from './joined-event.js';

interface KeyBuffers {
  /** Each side ascending by (time, arrival). */
  left: Buffered[];
  right: Buffered[];
  /** Due time of the earliest pending prune timer of this key. */
  scheduled: number;
}

/** A pair waiting for the watermark to pass its time. */
interface PendingPair {
  t: number;
  l: Buffered;
  r: Buffered;
}

/** Pairs in (time, left time, right time, left arrival, right arrival) order: independent of batching. */
const pairOrder = (a: PendingPair, b: PendingPair) =>
  a.t - b.t || a.l.t - b.l.t || a.r.t - b.r.t || a.l.q - b.l.q || a.r.q - b.r.q;

interface PruneTimer {
  due: number;
  id: unknown;
}

type JSONItem = ReturnType<typeof toJSONItem>;

interface Snapshot {
  watermark: number | string;
  leftSeq: number;
  rightSeq: number;
  keys: [unknown, JSONItem[], JSONItem[]][];
  pending: [JSONItem, JSONItem][];
}

/** Inserts keeping (time, arrival) order; in-order arrival appends. */
function insert(list: Buffered[], item: Buffered): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] as Buffered).t > item.t) i--;
  list.splice(i, 0, item);
}

/** Index of the first item with time >= t (binary search). */
function lowerBound(list: Buffered[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Buffered).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Interval join (Flink's intervalJoin().between(lower, upper)): pairs a left event at l with every
 * right event of equal key at r in [l + lower, l + upper]; the pair's time is max(l, r). Unlike
 * Flink, which emits a pair as soon as its second event arrives, pairs wait for the watermark to
 * pass their time and leave in time order: how left and right batches interleave then changes
 * nothing, so the output is the same for every batch size and arrival order (DESIGN.md's
 * determinism). Events at or before the watermark are late. A left event is kept until the
 * watermark reaches l + upper, a right one until r - lower: no on-time event can pair with it after.
 */
export class IntervalJoinOperator implements Operator {
  readonly nodeId: string;
  private readonly lower: number;
  private readonly upper: number;
  private readonly sides: JoinSides;
  private ctx!: OperatorContext;
  private readonly out = new ResultBuffer();
  private watermark = Number.NEGATIVE_INFINITY;
  /** Arrival numbers per input: unlike a shared counter, they do not depend on how inputs interleave. */
  private leftSeq = 0;
  private rightSeq = 0;
  private keys = new Map<unknown, KeyBuffers>();
  private readonly pending = new MinHeap<PendingPair>(pairOrder);
  private readonly timers = new MinHeap<PruneTimer>((a, b) => a.due - b.due);

  constructor(node: KindNode<'join.interval-join'>) {
    this.nodeId = node.id;
    this.lower = node.params.lowerBoundMs;
    this.upper = node.params.upperBoundMs;
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
      if (t <= this.watermark) {
        this.ctx.late(e, t);
        continue;
      }
      const id = key.id(e);
      let kb = this.keys.get(id);
      if (kb === undefined) {
        kb = { left: [], right: [], scheduled: Number.POSITIVE_INFINITY };
        this.keys.set(id, kb);
      }
      const item: Buffered = { e, t, q: isLeft ? this.leftSeq++ : this.rightSeq++ };
      if (isLeft) this.matchLeft(kb, item);
      else this.matchRight(kb, item);
      insert(isLeft ? kb.left : kb.right, item);
      this.schedule(kb, id, isLeft ? t + this.upper : t - this.lower);
    }
  }

  private matchLeft(kb: KeyBuffers, l: Buffered): void {
    const hi = l.t + this.upper;
    for (let i = lowerBound(kb.right, l.t + this.lower); i < kb.right.length; i++) {
      const r = kb.right[i] as Buffered;
      if (r.t > hi) break;
      this.pair(l, r);
    }
  }

  private matchRight(kb: KeyBuffers, r: Buffered): void {
    const hi = r.t - this.lower;
    for (let i = lowerBound(kb.left, r.t - this.upper); i < kb.left.length; i++) {
      const l = kb.left[i] as Buffered;
      if (l.t > hi) break;
      this.pair(l, r);
    }
  }

  private pair(l: Buffered, r: Buffered): void {
    this.pending.push({ t: Math.max(l.t, r.t), l, r });
  }

  /** A prune timer at the item's expiry, unless an earlier one is pending for the key. */
  private schedule(kb: KeyBuffers, id: unknown, expiry: number): void {
    if (expiry >= kb.scheduled) return;
    kb.scheduled = expiry;
    this.timers.push({ due: expiry, id });
  }

  /** Emits the pairs the watermark passed, then drops what no on-time event can pair with any more. */
  private advance(time: number): void {
    if (time <= this.watermark) return;
    this.watermark = time;
    for (let p = this.pending.peek(); p && p.t <= time; p = this.pending.peek()) {
      this.pending.pop();
      this.out.push(joinedEvent(p.l.e, p.r.e, this.sides.leftDeclared), p.t, this.ctx);
    }
    this.out.flush(this.ctx);
    for (let timer = this.timers.peek(); timer && timer.due <= time; timer = this.timers.peek()) {
      this.timers.pop();
      const kb = this.keys.get(timer.id);
      if (kb === undefined || kb.scheduled !== timer.due) continue;
      let l = 0;
      while (l < kb.left.length && (kb.left[l] as Buffered).t + this.upper <= time) l++;
      let r = 0;
      while (r < kb.right.length && (kb.right[r] as Buffered).t - this.lower <= time) r++;
      if (l > 0) kb.left.splice(0, l);
      if (r > 0) kb.right.splice(0, r);
      kb.scheduled = Number.POSITIVE_INFINITY;
      if (kb.left.length === 0 && kb.right.length === 0) {
        this.keys.delete(timer.id);
        continue;
      }
      this.rescheduleKey(kb, timer.id);
    }
  }

  private rescheduleKey(kb: KeyBuffers, id: unknown): void {
    const leftExpiry =
      kb.left.length > 0 ? (kb.left[0] as Buffered).t + this.upper : Number.POSITIVE_INFINITY;
    const rightExpiry =
      kb.right.length > 0 ? (kb.right[0] as Buffered).t - this.lower : Number.POSITIVE_INFINITY;
    this.schedule(kb, id, Math.min(leftExpiry, rightExpiry));
  }

  onWatermark(watermark: number): number {
    if (!this.sides.processingTime || watermark === Number.POSITIVE_INFINITY) this.advance(watermark);
    return watermark;
  }

  onProcessingTime(now: number): void {
    if (this.sides.processingTime) this.advance(now - 1);
  }

  snapshot(): Snapshot {
    return {
      watermark: timeToJSON(this.watermark),
      leftSeq: this.leftSeq,
      rightSeq: this.rightSeq,
      keys: [...this.keys].map(([id, kb]) => [id, kb.left.map(toJSONItem), kb.right.map(toJSONItem)]),
      pending: this.pending.toArray().map((p): [JSONItem, JSONItem] => [toJSONItem(p.l), toJSONItem(p.r)]),
    };
  }

  restore(state: unknown): void {
    const snap = state as Snapshot;
    this.watermark = timeFromJSON(snap.watermark);
    this.leftSeq = snap.leftSeq;
    this.rightSeq = snap.rightSeq;
    this.keys = new Map();
    this.timers.clear();
    this.pending.clear();
    for (const [l, r] of snap.pending) {
      const left = fromJSONItem(l);
      const right = fromJSONItem(r);
      this.pending.push({ t: Math.max(left.t, right.t), l: left, r: right });
    }
    for (const [id, left, right] of snap.keys) {
      const kb: KeyBuffers = {
        left: left.map(fromJSONItem),
        right: right.map(fromJSONItem),
        scheduled: Number.POSITIVE_INFINITY,
      };
      this.keys.set(id, kb);
      this.rescheduleKey(kb, id);
    }
  }

  stateSize(): { keys: number; openWindows: number } {
    return { keys: this.keys.size, openWindows: 0 };
  }
}

/** join.interval-join */
export const intervalJoin: KindOperatorFactory<'join.interval-join'> = (node) =>
  new IntervalJoinOperator(node);
