import { compileExpression } from '../../expr/index.js';
import type { Event, KindNode, Operator, OperatorContext } from '../../runtime/operator.js';
import { failureMessage } from '../transform/stage.js';

/** An event time: a finite epoch-ms number, or a date string Date.parse understands. */
export function toEventTime(value: unknown): number | string {
  if (typeof value === 'number') return Number.isFinite(value) ? value : `time is ${value}`;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? `time "${value}" is not a date` : parsed;
  }
  return `time must be epoch milliseconds or a date string, got ${value === null ? 'null' : typeof value}`;
}

/**
 * time.assign-timestamps: sets each event's time from an expression and generates watermarks of
 * max(event time seen) - maxOutOfOrdernessMs. Events pass through even when behind the watermark:
 * the operators downstream decide what is late. Without events for idleTimeoutMs of processing time
 * its output is idle and stops holding back the minimum downstream.
 */
export function assignTimestampsOperator(node: KindNode<'time.assign-timestamps'>): Operator {
  const timestamp = compileExpression(node.params.timestamp);
  const { maxOutOfOrdernessMs, idleTimeoutMs } = node.params;
  let ctx!: OperatorContext;
  let maxSeen = Number.NEGATIVE_INFINITY;
  let lastEventAt = 0;

  return {
    nodeId: node.id,
    generatesWatermarks: true,
    open(c) {
      ctx = c;
      lastEventAt = c.now();
    },
    processBatch(_port, events, times) {
      const out: Event[] = [];
      const outTimes: number[] = [];
      for (let i = 0; i < events.length; i++) {
        const event = events[i] as Event;
        let time: number | string;
        try {
          time = toEventTime(timestamp(event));
        } catch (err) {
          time = failureMessage(err);
        }
        if (typeof time === 'string') {
          ctx.error(event, times[i] as number, `no valid event time: ${time}`);
          continue;
        }
        if (time > maxSeen) maxSeen = time;
        out.push(event);
        outTimes.push(time);
      }
      if (events.length > 0) lastEventAt = ctx.now();
      if (out.length > 0) ctx.emit('out', out, outTimes);
    },
    onWatermark(input) {
      if (input === Number.POSITIVE_INFINITY) return input;
      return maxSeen - maxOutOfOrdernessMs;
    },
    isIdle: (now) => idleTimeoutMs > 0 && now - lastEventAt >= idleTimeoutMs,
    snapshot: () => ({ maxSeen: Number.isFinite(maxSeen) ? maxSeen : null }),
    restore(saved) {
      const s = saved as { maxSeen?: number | null } | null;
      maxSeen = typeof s?.maxSeen === 'number' ? s.maxSeen : Number.NEGATIVE_INFINITY;
    },
    stateSize: () => ({ keys: 0, openWindows: 0 }),
  };
}
