import { type RegularJoinParams, regularJoinParams } from '@eventide/shared';
import type {
  Event,
  Operator,
  OperatorContext,
  OperatorFactory,
  OperatorNode,
} from '../../runtime/operator.js';
import { KeyExtractor } from '../window/key.js';
import { MinHeap } from '../window/min-heap.js';
import { timeFromJSON, timeToJSON } from '../window/time-json.js';
import { joinable } from './join-params.js';
import { joinedEvent } from './joined-event.js';

/** A stored event of one side. */
interface Row {
  e: Event;
  t: number;
  /** Arrival number: orders expiry ties and snapshots. */
  q: number;
  id: unknown;
  matched: boolean;
  /** Expired: skipped by probes until its bucket is compacted. */
  dead: boolean;
}

interface Bucket {
  rows: Row[];
  dead: number;
}

class Side {
  readonly buckets = new Map<unknown, Bucket>();
  readonly expiry = new MinHeap<Row>((a, b) => a.t - b.t || a.q - b.q);
  constructor(readonly key: KeyExtractor) {}

  add(row: Row): void {
    let b = this.buckets.get(row.id);
    if (b === undefined) {
      b = { rows: [], dead: 0 };
      this.buckets.set(row.id, b);
    }
    b.rows.push(row);
    this.expiry.push(row);
  }

  /** Marks a row expired; a bucket with mostly expired rows is compacted, an empty one removed. */
  expire(row: Row): void {
    row.dead = true;
    const b = this.buckets.get(row.id);
    if (b === undefined) return;
    b.dead++;
    if (b.dead === b.rows.length) this.buckets.delete(row.id);
    else if (b.dead * 2 > b.rows.length) {
      b.rows = b.rows.filter((r) => !r.dead);
      b.dead = 0;
    }
  }

  live(): Row[] {
    return this.expiry.toArray().sort((a, b) => a.q - b.q);
  }
}

type JSONRow = [Event, number, number, boolean];

interface Snapshot {
  watermark: number | string;
  seq: number;
  left: JSONRow[];
  right: JSONRow[];
}

/**
 * join.regular: a symmetric hash join in arrival order (SQL's JOIN without a window) with a state
 * TTL. Each arriving event is stored under its key and paired with the stored events of the other
 * side whose time is less than ttlMs from its own; the pair (left fields, then right's, renamed
 * `right_` on a clash) is emitted at once with the later of the two times, so each pair appears
 * exactly once, when its second event arrives. A stored event leaves the state when the watermark
 * reaches t + ttlMs - 1: no on-time event can pair with it any more. In a left join, a left event
 * that leaves without ever matching is emitted then, with the right fields null and the time
 * t + ttlMs - 1, before that watermark goes downstream. Output is append-only (no retractions): for
 * a given arrival order it does not depend on batching or watermark cadence while no event is late.
 */
export class RegularJoinOperator implements Operator {
  readonly nodeId: string;
  private readonly p: RegularJoinParams;
  private readonly left: Side;
  private readonly right: Side;
  private readonly leftDeclared: ReadonlySet<string>;
  /** A right event of nulls for the unmatched left events of a left join. */
  private readonly nullRight: Event;
  private ctx!: OperatorContext;
  private watermark = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private outEvents: Event[] = [];
  private outTimes: number[] = [];

  constructor(node: OperatorNode) {
    this.nodeId = node.id;
    this.p = regularJoinParams.parse(node.params);
    this.left = new Side(new KeyExtractor(this.p.leftKey));
    this.right = new Side(new KeyExtractor(this.p.rightKey));
    this.leftDeclared = new Set(Object.keys(node.inputs?.left?.schema.fields ?? {}));
    this.nullRight = Object.fromEntries(
      Object.keys(node.inputs?.right?.schema.fields ?? {}).map((f) => [f, null]),
    );
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }

  processBatch(port: string, events: Event[], times: number[]): void {
    const isLeft = port === 'left';
    const own = isLeft ? this.left : this.right;
    const other = isLeft ? this.right : this.left;
    const ttl = this.p.ttlMs;
    const processingTime = this.p.timeMode === 'processing';
    const now = processingTime ? this.ctx.now() : 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as Event;
      const t = processingTime ? now : (times[i] as number);
      if (!joinable(own.key, this.ctx, e, t)) continue;
      const row: Row = { e, t, q: this.seq++, id: own.key.id(e), matched: false, dead: false };
      const bucket = other.buckets.get(row.id);
      if (bucket !== undefined) {
        for (const r of bucket.rows) {
          if (r.dead || Math.abs(r.t - t) >= ttl) continue;
          r.matched = true;
          row.matched = true;
          this.outEvents.push(
            isLeft ? joinedEvent(e, r.e, this.leftDeclared) : joinedEvent(r.e, e, this.leftDeclared),
          );
          this.outTimes.push(Math.max(t, r.t));
        }
      }
      own.add(row);
    }
    this.flush();
  }

  onWatermark(watermark: number): number {
    this.watermark = watermark;
    const ttl = this.p.ttlMs;
    const emitUnmatched = this.p.type === 'left';
    for (const side of [this.left, this.right]) {
      for (
        let r = side.expiry.peek();
        r !== undefined && r.t + ttl - 1 <= watermark;
        r = side.expiry.peek()
      ) {
        side.expiry.pop();
        side.expire(r);
        if (emitUnmatched && side === this.left && !r.matched) {
          this.outEvents.push(joinedEvent(r.e, this.nullRight, this.leftDeclared));
          this.outTimes.push(r.t + ttl - 1);
        }
      }
    }
    this.flush();
    return watermark;
  }

  private flush(): void {
    if (this.outEvents.length === 0) return;
    this.ctx.emit('out', this.outEvents, this.outTimes);
    this.outEvents = [];
    this.outTimes = [];
  }

  snapshot(): Snapshot {
    const rows = (side: Side): JSONRow[] => side.live().map((r) => [r.e, r.t, r.q, r.matched]);
    return {
      watermark: timeToJSON(this.watermark),
      seq: this.seq,
      left: rows(this.left),
      right: rows(this.right),
    };
  }

  restore(state: unknown): void {
    const s = state as Snapshot;
    this.watermark = timeFromJSON(s.watermark);
    this.seq = s.seq;
    for (const [side, rows] of [
      [this.left, s.left],
      [this.right, s.right],
    ] as const)
      for (const [e, t, q, matched] of rows) side.add({ e, t, q, id: side.key.id(e), matched, dead: false });
  }

  stateSize(): { keys: number; openWindows: number } {
    return { keys: this.left.buckets.size + this.right.buckets.size, openWindows: 0 };
  }
}

export const regularJoin: OperatorFactory = (node) => new RegularJoinOperator(node);
