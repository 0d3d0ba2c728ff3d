/**
 * Drives a `cep.pattern` operator outside the runtime, for the CEP tests (here, not in src/, so that
 * the build does not ship it): a recording OperatorContext, and a feeder that sends batches and a
 * bounded-out-of-orderness watermark after each batch (max time seen - maxDelayMs), then +Infinity
 * for the end of input.
 */

import { PatternOperator } from '../../src/operators/cep/pattern-operator.js';
import { parsePatternParams } from '../../src/operators/cep/pattern-params.js';
import type { Event, OperatorContext } from '../../src/runtime/operator.js';

export interface Timed {
  event: Event;
  time: number;
}

export interface Recording {
  out: Timed[];
  timeout: Timed[];
  late: Timed[];
  errors: { event: Event; time: number; message: string }[];
  dropped: { count: number; reason: string }[];
}

export function recordingContext(): { ctx: OperatorContext; rec: Recording } {
  const rec: Recording = { out: [], timeout: [], late: [], errors: [], dropped: [] };
  const ctx: OperatorContext = {
    emit(port, events, times) {
      const list = port === 'out' ? rec.out : port === 'timeout' ? rec.timeout : null;
      if (list === null) throw new Error(`unexpected port ${port}`);
      events.forEach((event, i) => {
        list.push({ event, time: times[i]! });
      });
    },
    error: (event, time, message) => rec.errors.push({ event, time, message }),
    late: (event, time) => rec.late.push({ event, time }),
    dropped: (count, reason) => rec.dropped.push({ count, reason }),
    now: () => 0,
    microBatch: { maxEvents: 512, maxDelayMs: 20 },
  };
  return { ctx, rec };
}

/**
 * A pattern operator; `upstreamKey` plays the fields a key-by upstream set, `connectedOutputs` the
 * output ports with an edge (all of them when absent).
 */
export function createPattern(
  rawParams: unknown,
  upstreamKey: string[] | null = null,
  connectedOutputs?: readonly string[],
): PatternOperator {
  const inputs = { in: { schema: { fields: {}, open: true }, key: upstreamKey, eventTime: true } };
  return new PatternOperator(
    { id: 'pattern', kind: 'cep.pattern', params: {}, inputs, connectedOutputs },
    parsePatternParams(rawParams),
  );
}

export interface FeedOptions {
  batchSize?: number;
  /** The watermark after each batch is max time seen - maxDelayMs. */
  maxDelayMs?: number;
  /** Take a snapshot after this many batches, and continue on a fresh operator restored from it. */
  snapshotAfterBatch?: number;
  /** Fields a key-by upstream keyed the stream by. */
  upstreamKey?: string[];
  /** Output ports with an edge; absent: all. */
  connectedOutputs?: readonly string[];
}

/** Runs the input through a new operator and returns everything it emitted. */
export function runPattern(
  rawParams: unknown,
  input: readonly Timed[],
  options: FeedOptions = {},
): Recording {
  const batchSize = options.batchSize ?? 4;
  const maxDelay = options.maxDelayMs ?? 0;
  const { ctx, rec } = recordingContext();
  let op = createPattern(rawParams, options.upstreamKey ?? null, options.connectedOutputs);
  op.open(ctx);
  let maxTime = Number.NEGATIVE_INFINITY;
  let batches = 0;
  for (let i = 0; i < input.length; i += batchSize) {
    const batch = input.slice(i, i + batchSize);
    op.processBatch(
      'in',
      batch.map((b) => b.event),
      batch.map((b) => b.time),
    );
    for (const b of batch) maxTime = Math.max(maxTime, b.time);
    op.onWatermark(maxTime - maxDelay);
    batches++;
    if (batches === options.snapshotAfterBatch) {
      const state = JSON.parse(JSON.stringify(op.snapshot()));
      op = createPattern(rawParams, options.upstreamKey ?? null, options.connectedOutputs);
      op.restore(state);
      op.open(ctx);
    }
  }
  op.onWatermark(Number.POSITIVE_INFINITY);
  return rec;
}

/**
 * Events from tokens like "a1 b1 x b2": field `n` is the token without digits, `id` the token;
 * one event per second from 1 s.
 */
export function letters(tokens: string): Timed[] {
  return tokens
    .split(' ')
    .filter((t) => t !== '')
    .map((id, i) => ({
      event: { n: id.replace(/[0-9]+$/, ''), id, ts: (i + 1) * 1000 },
      time: (i + 1) * 1000,
    }));
}

/** A match { step: events[] } as "a1|b1,b2|c1" in step order (ids). */
export function describeMatch(match: Event, steps: readonly string[]): string {
  return steps.map((s) => ((match[s] as Event[] | undefined) ?? []).map((e) => e.id).join(',')).join('|');
}
