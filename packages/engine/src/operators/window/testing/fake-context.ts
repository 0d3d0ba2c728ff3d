import type { Event, Operator, OperatorContext } from '../../../runtime/operator.js';

/** Everything an operator sent to its context, for unit tests of operators without the runtime. */
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
