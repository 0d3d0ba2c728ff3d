import type { StreamInfo } from '@eventide/shared';
import type { Event, Operator, OperatorContext, OperatorFactory } from '../src/index.js';

export interface Harness {
  op: Operator;
  /** Events emitted per port (late and error ports included), in order. */
  events(port: string): Event[];
  times(port: string): number[];
  errors: number;
  late: number;
  dropped: number;
  setNow(t: number): void;
}

/** Builds one operator outside a run, with a context that records what it emits. */
export function harness(
  factory: OperatorFactory,
  params: Record<string, unknown>,
  options: { now?: number; inputs?: Record<string, StreamInfo>; restore?: unknown } = {},
): Harness {
  const out = new Map<string, { events: Event[]; times: number[] }>();
  let now = options.now ?? 0;
  const port = (p: string) => {
    let slot = out.get(p);
    if (!slot) {
      slot = { events: [], times: [] };
      out.set(p, slot);
    }
    return slot;
  };
  const h: Harness = {
    op: factory({ id: 'n', kind: 'test', params, inputs: options.inputs ?? {} }),
    events: (p) => port(p).events,
    times: (p) => port(p).times,
    errors: 0,
    late: 0,
    dropped: 0,
    setNow(t) {
      now = t;
    },
  };
  const ctx: OperatorContext = {
    emit(p, events, times) {
      port(p).events.push(...events);
      port(p).times.push(...times);
    },
    error(event, time, message) {
      h.errors++;
      ctx.emit('error', [{ ...event, error: message }], [time]);
    },
    late(event, time) {
      h.late++;
      ctx.emit('late', [event], [time]);
    },
    dropped(count) {
      h.dropped += count;
    },
    now: () => now,
    microBatch: { maxEvents: 512, maxDelayMs: 20 },
  };
  if (options.restore !== undefined) h.op.restore(options.restore);
  h.op.open(ctx);
  return h;
}
