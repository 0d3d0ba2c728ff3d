import type { Event, KindNode, Operator, OperatorContext } from '../../runtime/operator.js';

/** What a micro-batch node emits on its "batches" port: one event holding the grouped events. */
export interface EventBatch {
  events: Event[];
  count: number;
}

interface MicroBatchState {
  events: Event[];
  times: number[];
  openedAt: number | null;
}

/**
 * transform.micro-batch: groups events into arrays of up to maxEvents, emitted when full, when the
 * oldest grouped event has waited maxDelayMs of processing time, and at end of input. A batch's time
 * is the time of its last event.
 */
export function microBatchOperator(node: KindNode<'transform.micro-batch'>): Operator {
  const { maxEvents, maxDelayMs } = node.params;
  let ctx!: OperatorContext;
  let state: MicroBatchState = { events: [], times: [], openedAt: null };

  const flush = () => {
    if (state.events.length === 0) return;
    const batch: EventBatch = { events: state.events, count: state.events.length };
    const time = state.times[state.times.length - 1] as number;
    state = { events: [], times: [], openedAt: null };
    ctx.emit('out', [batch as unknown as Event], [time]);
  };

  return {
    nodeId: node.id,
    open(c) {
      ctx = c;
    },
    processBatch(_port, events, times) {
      for (let i = 0; i < events.length; i++) {
        if (state.openedAt === null) state.openedAt = ctx.now();
        state.events.push(events[i] as Event);
        state.times.push(times[i] as number);
        if (state.events.length >= maxEvents) flush();
      }
    },
    onProcessingTime(now) {
      // A batch restored from a checkpoint starts waiting at the first tick after the restore.
      if (state.openedAt === null && state.events.length > 0) state.openedAt = now;
      if (state.openedAt !== null && now - state.openedAt >= maxDelayMs) flush();
    },
    onWatermark(watermark) {
      if (watermark === Number.POSITIVE_INFINITY) flush();
      return watermark;
    },
    snapshot: () => ({ events: state.events, times: state.times }),
    restore(saved) {
      const s = saved as Partial<MicroBatchState> | null;
      if (s && Array.isArray(s.events) && Array.isArray(s.times) && s.events.length === s.times.length)
        state = { events: [...s.events], times: [...s.times], openedAt: null };
    },
    stateSize: () => ({ keys: 0, openWindows: state.events.length > 0 ? 1 : 0 }),
  };
}
