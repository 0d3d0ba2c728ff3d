import type { Event, OperatorContext } from '../../runtime/operator.js';
import type { Accumulators, AggregatorSet } from './aggregations/aggregator-set.js';

/** early: a partial result before the window closes; final: on time; update: late data changed it. */
export type WindowFire = 'early' | 'final' | 'update';

/** `{ ...key fields, window_start, window_end, window_fire, ...aggregates }`. */
export function windowResult(
  keyFields: readonly string[],
  keyValues: readonly unknown[],
  start: number,
  end: number,
  fire: WindowFire,
  aggregator: AggregatorSet,
  accs: Accumulators,
): Event {
  const out: Event = {};
  for (let i = 0; i < keyFields.length; i++) out[keyFields[i] as string] = keyValues[i];
  out.window_start = start;
  out.window_end = end;
  out.window_fire = fire;
  aggregator.writeResults(accs, out);
  return out;
}

/**
 * Makes window results of one node. Every result has the same fields in the same order, so each is
 * a copy of a template object (one allocation with the fields in place, one hidden class), then
 * filled in the order windowResult writes them: the same object, made faster.
 */
export class ResultMaker {
  private readonly keyFields: readonly string[];
  private readonly aggregator: AggregatorSet;
  private readonly template: Event;

  constructor(keyFields: readonly string[], aggregator: AggregatorSet) {
    this.keyFields = keyFields;
    this.aggregator = aggregator;
    const t: Event = {};
    for (const f of keyFields) t[f] = null;
    t.window_start = null;
    t.window_end = null;
    t.window_fire = null;
    for (const name of aggregator.resultNames()) t[name] = null;
    this.template = t;
  }

  /** windowResult() of the cells at `base` of `accs`. */
  make(
    keyValues: readonly unknown[],
    start: number,
    end: number,
    fire: WindowFire,
    accs: Accumulators | Float64Array,
    base = 0,
  ): Event {
    const out: Event = { ...this.template };
    const keyFields = this.keyFields;
    for (let i = 0; i < keyFields.length; i++) out[keyFields[i] as string] = keyValues[i];
    out.window_start = start;
    out.window_end = end;
    out.window_fire = fire;
    this.aggregator.writeResults(accs, out, base);
    return out;
  }
}

/**
 * Results per batch while a call is still making them. A watermark that fires a window of many keys
 * would otherwise hold every result until its last one is made: long enough for them to survive the
 * young generation and be copied into the old one (Nexmark q5: a sliding window of every auction).
 */
const RESULT_BATCH = 1024;

/**
 * Results gathered during one call, emitted on `out` as the call ends (flush) or in batches of
 * RESULT_BATCH as they are made; a result's time is window_end - 1.
 */
export class ResultBuffer {
  events: Event[] = [];
  times: number[] = [];

  push(event: Event, time: number, ctx: OperatorContext): void {
    this.events.push(event);
    this.times.push(time);
    if (this.events.length >= RESULT_BATCH) this.flush(ctx);
  }

  flush(ctx: OperatorContext): void {
    if (this.events.length === 0) return;
    const events = this.events;
    const times = this.times;
    this.events = [];
    this.times = [];
    ctx.emit('out', events, times);
  }
}
