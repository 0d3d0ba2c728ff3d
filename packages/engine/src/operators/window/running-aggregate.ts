import type {
  Event,
  KindNode,
  KindOperatorFactory,
  Operator,
  OperatorContext,
} from '../../runtime/operator.js';
import { type BufferVisitor, EventTimeBuffer } from '../cep/event-time-buffer.js';
import { type Accumulators, AggregatorSet } from './aggregations/aggregator-set.js';
import { KeyExtractor } from './key.js';
import { timeFromJSON, timeToJSON } from './time-json.js';
import { keyFieldsOf } from './window-params.js';
import { ResultBuffer } from './window-result.js';

interface KeyTotals {
  keyValues: unknown[];
  accs: Accumulators;
  /** Time of the key's latest event: stateTtlMs counts from it. */
  lastTime: number;
}

interface Snapshot {
  watermark: number | string;
  seq: number;
  keys: [unknown[], unknown[], number][];
  /** Events waiting for the watermark, in buffer order, with their times. */
  waiting: [Event, number][];
}

/**
 * window.running (SQL's OVER (PARTITION BY key ORDER BY time RANGE UNBOUNDED PRECEDING)): each
 * event comes out with its own fields and the aggregations over every event of its key up to its
 * time. Events wait until the watermark passes them and are then applied in event-time order; the
 * events of one key and one time are added together and share their value (RANGE, not ROWS), so the
 * rows do not depend on arrival order: a parallel run or a replay gives the same ones. Processing
 * time applies each batch at once, at the clock's time. State: one set of accumulators per key, kept
 * for the run (an unbounded OVER has no end to wait for) unless stateTtlMs is set: then an event
 * stateTtlMs or more after its key's last one starts the totals over. That rule alone decides the
 * rows; dropping the keys the watermark has passed by stateTtlMs (swept once per stateTtlMs of event
 * time) only frees their memory, since any later event of theirs starts over anyway.
 */
export class RunningAggregateOperator implements Operator, BufferVisitor<unknown> {
  readonly nodeId: string;
  private readonly key: KeyExtractor;
  private readonly aggregator: AggregatorSet;
  private readonly processingTime: boolean;
  private readonly ttl: number;
  private nextSweepAt = Number.NEGATIVE_INFINITY;
  private ctx!: OperatorContext;
  private readonly out = new ResultBuffer();
  private readonly waiting = new EventTimeBuffer<unknown>();
  private keys = new Map<unknown, KeyTotals>();
  private watermark = Number.NEGATIVE_INFINITY;
  private seq = 0;
  /** The released events of one time, applied together when the time moves on (see closeRun). */
  private runTime = Number.NaN;
  private runEvents: Event[] = [];
  private runKeys: unknown[] = [];

  constructor(node: KindNode<'window.running'>) {
    this.nodeId = node.id;
    this.key = new KeyExtractor(keyFieldsOf(node, node.params));
    this.aggregator = new AggregatorSet(node.params.aggregations);
    this.processingTime = node.params.timeMode === 'processing';
    this.ttl = node.params.stateTtlMs;
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }

  processBatch(_port: string, events: Event[], times: number[]): void {
    const now = this.processingTime ? this.ctx.now() : 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as Event;
      const t = this.processingTime ? now : (times[i] as number);
      if (!Number.isFinite(t)) {
        this.ctx.error(event, t, 'event has no valid time');
        continue;
      }
      if (t <= this.watermark) {
        this.ctx.late(event, t);
        continue;
      }
      if (this.aggregator.refuses(this.ctx, event, t)) continue;
      this.waiting.add(event, t, this.key.id(event));
    }
    if (this.processingTime) this.releaseUpTo(now);
    this.out.flush(this.ctx);
  }

  onWatermark(watermark: number): number {
    if (!this.processingTime && watermark > this.watermark) {
      this.watermark = watermark;
      this.releaseUpTo(watermark);
      this.out.flush(this.ctx);
    }
    return watermark;
  }

  private releaseUpTo(upTo: number): void {
    this.waiting.drain(upTo, this);
    this.closeRun();
    if (this.ttl > 0 && upTo >= this.nextSweepAt) {
      for (const [id, kt] of this.keys) if (kt.lastTime + this.ttl <= upTo) this.keys.delete(id);
      this.nextSweepAt = upTo + this.ttl;
    }
  }

  /** Called by the buffer's drain, in (time, arrival) order. */
  release(event: Event, time: number, key: unknown): void {
    if (time !== this.runTime) this.closeRun();
    this.runTime = time;
    this.runEvents.push(event);
    this.runKeys.push(key);
  }

  /** Adds the run's events to their keys' totals, then emits each with its key's new values. */
  private closeRun(): void {
    const events = this.runEvents;
    if (events.length === 0) return;
    const keys = this.runKeys;
    const t = this.runTime;
    const totals: KeyTotals[] = [];
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as Event;
      const id = keys[i];
      let kt = this.keys.get(id);
      if (kt === undefined) {
        kt = { keyValues: this.key.values(event), accs: this.aggregator.create(), lastTime: t };
        this.keys.set(id, kt);
      } else if (this.ttl > 0 && t >= kt.lastTime + this.ttl) kt.accs = this.aggregator.create();
      kt.lastTime = t;
      this.aggregator.add(kt.accs, event, t, this.seq++);
      totals.push(kt);
    }
    for (let i = 0; i < events.length; i++) {
      const kt = totals[i] as KeyTotals;
      const row: Event = { ...(events[i] as Event) };
      this.aggregator.writeResults(kt.accs, row);
      this.out.push(row, t, this.ctx);
    }
    for (const kt of new Set(totals)) {
      const dropped = this.aggregator.takeDropped(kt.accs);
      if (dropped > 0) this.ctx.dropped(dropped, 'collect: values over the limit');
    }
    this.runEvents = [];
    this.runKeys = [];
    this.runTime = Number.NaN;
  }

  snapshot(): Snapshot {
    return {
      watermark: timeToJSON(this.watermark),
      seq: this.seq,
      keys: [...this.keys.values()].map((kt) => [kt.keyValues, this.aggregator.toJSON(kt.accs), kt.lastTime]),
      waiting: this.waiting.entries().map((w) => [w.event, w.time]),
    };
  }

  restore(state: unknown): void {
    const snap = state as Snapshot;
    this.watermark = timeFromJSON(snap.watermark);
    this.seq = snap.seq;
    this.keys = new Map();
    for (const [keyValues, accs, lastTime] of snap.keys)
      this.keys.set(this.key.idOfValues(keyValues), {
        keyValues,
        accs: this.aggregator.fromJSON(accs),
        lastTime,
      });
    this.waiting.restore(snap.waiting.map(([event, time]) => ({ event, time, key: this.key.id(event) })));
  }

  stateSize(): { keys: number; openWindows: number } {
    return { keys: this.keys.size, openWindows: 0 };
  }
}

/** window.running */
export const runningAggregate: KindOperatorFactory<'window.running'> = (node) =>
  new RunningAggregateOperator(node);
