import type { StreamInfo } from '@eventide/shared';
import { createOperator, type OperatorKind } from '../../src/operators/registry.js';
import type { Event, Operator, OperatorContext } from '../../src/runtime/operator.js';

/**
 * Test support for one operator outside a run: a context that records everything the operator
 * sends it (`fakeContext`, with `feed` and `results`), and `harness`, which builds the operator
 * from its kind and params and reads the record by port.
 */

/** Everything an operator sent to its context. */
export interface Recorded {
  out: { port: string; event: Event; time: number }[];
  errors: { event: Event; time: number; message: string }[];
  late: { event: Event; time: number }[];
  dropped: { count: number; reason: string }[];
}

export interface FakeContext extends OperatorContext {
  recorded: Recorded;
  clock: number;
}

export function fakeContext(clock = 0): FakeContext {
  const recorded: Recorded = { out: [], errors: [], late: [], dropped: [] };
  return {
    recorded,
    clock,
    microBatch: { maxEvents: 512, maxDelayMs: 20 },
    emit(port, events, times) {
      if (events.length !== times.length) throw new Error('emit: events and times differ in length');
      events.forEach((event, i) => {
        recorded.out.push({ port, event, time: times[i] as number });
      });
    },
    error(event, time, message) {
      recorded.errors.push({ event, time, message });
    },
    late(event, time) {
      recorded.late.push({ event, time });
    },
    dropped(count, reason) {
      recorded.dropped.push({ count, reason });
    },
    now() {
      return this.clock;
    },
  };
}

/** Feeds [time, event] pairs as one batch. */
export function feed(op: Operator, input: [number, Event][], port = 'in'): void {
  op.processBatch(
    port,
    input.map(([, e]) => e),
    input.map(([t]) => t),
  );
}

/** The emitted results on a port, each with its time. */
export function results(ctx: FakeContext, port = 'out'): Event[] {
  return ctx.recorded.out.filter((o) => o.port === port).map((o) => ({ ...o.event, $time: o.time }));
}

export interface Harness {
  op: Operator;
  ctx: FakeContext;
  /**
   * Events sent on a port, in order. The runtime's ports for errors and late events are `error`
   * (each event with its `error` message) and `late`.
   */
  events(port: string): Event[];
  times(port: string): number[];
  readonly errors: number;
  readonly late: number;
  readonly dropped: number;
  setNow(t: number): void;
}

/** Builds the operator of a kind from params (defaults from the catalog), opened on a fakeContext. */
export function harness(
  kind: OperatorKind,
  params: Record<string, unknown>,
  options: { now?: number; inputs?: Record<string, StreamInfo>; restore?: unknown } = {},
): Harness {
  const ctx = fakeContext(options.now ?? 0);
  const r = ctx.recorded;
  const sent = (port: string): { event: Event; time: number }[] => {
    if (port === 'error')
      return r.errors.map((e) => ({ event: { ...e.event, error: e.message }, time: e.time }));
    if (port === 'late') return r.late;
    return r.out.filter((o) => o.port === port);
  };
  const op = createOperator(kind, { id: 'n', kind, params, inputs: options.inputs ?? {} });
  if (options.restore !== undefined) op.restore(options.restore);
  op.open(ctx);
  return {
    op,
    ctx,
    events: (port) => sent(port).map((s) => s.event),
    times: (port) => sent(port).map((s) => s.time),
    get errors() {
      return r.errors.length;
    },
    get late() {
      return r.late.length;
    },
    get dropped() {
      return r.dropped.reduce((n, d) => n + d.count, 0);
    },
    setNow(t) {
      ctx.clock = t;
    },
  };
}
