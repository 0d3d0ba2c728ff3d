import { compileExpression } from '../../expr/index.js';
import type { Event, KindNode, Operator, OperatorContext } from '../../runtime/operator.js';
import { splitOf } from '../../runtime/split.js';
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

/** What assign-timestamps tracks per split of its input (a Kafka partition; "" for untagged events). */
interface SplitClock {
  maxSeen: number;
  lastEventAt: number;
}

/**
 * time.assign-timestamps: sets each event's time from an expression and generates watermarks of
 * max(event time seen) - maxOutOfOrdernessMs. Events pass through even when behind the watermark:
 * the operators downstream decide what is late. Without events for idleTimeoutMs of processing time
 * its output is idle and stops holding back the minimum downstream.
 *
 * Per split: events a source tagged with a split (runtime/split.ts) count per split, and the
 * watermark is the minimum over splits of max(event time seen) - maxOutOfOrdernessMs, a split idle
 * for idleTimeoutMs excluded: disorder between partitions read at different speeds makes nothing
 * late. Untagged events form one split, so a plain stream behaves as one max.
 */
export function assignTimestampsOperator(node: KindNode<'time.assign-timestamps'>): Operator {
  const timestamp = compileExpression(node.params.timestamp);
  const { maxOutOfOrdernessMs, idleTimeoutMs } = node.params;
  let ctx!: OperatorContext;
  let maxSeen = Number.NEGATIVE_INFINITY;
  let lastEventAt = 0;
  const splits = new Map<string, SplitClock>();
  let lastSplit: SplitClock | undefined;
  let lastSplitName: string | undefined;
  const clockOf = (name: string): SplitClock => {
    if (name === lastSplitName && lastSplit) return lastSplit;
    let clock = splits.get(name);
    if (!clock) {
      clock = { maxSeen: Number.NEGATIVE_INFINITY, lastEventAt: ctx.now() };
      splits.set(name, clock);
    }
    lastSplit = clock;
    lastSplitName = name;
    return clock;
  };

  /** Minimum over the splits not idle of their max event time; the maximum when every split is idle. */
  const watermarkSeen = (): number => {
    if (splits.size <= 1) return maxSeen;
    const now = ctx.now();
    let min = Number.POSITIVE_INFINITY;
    for (const clock of splits.values()) {
      if (idleTimeoutMs > 0 && now - clock.lastEventAt >= idleTimeoutMs) continue;
      if (clock.maxSeen < min) min = clock.maxSeen;
    }
    return min === Number.POSITIVE_INFINITY ? maxSeen : min;
  };

  return {
    nodeId: node.id,
    generatesWatermarks: true,
    open(c) {
      ctx = c;
      lastEventAt = c.now();
      for (const clock of splits.values()) clock.lastEventAt = lastEventAt;
    },
    processBatch(_port, events, times) {
      const out: Event[] = [];
      const outTimes: number[] = [];
      const batchNow = ctx.now();
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
        const clock = clockOf(splitOf(event) ?? '');
        if (time > clock.maxSeen) clock.maxSeen = time;
        clock.lastEventAt = batchNow;
        out.push(event);
        outTimes.push(time);
      }
      if (events.length > 0) lastEventAt = ctx.now();
      if (out.length > 0) ctx.emit('out', out, outTimes);
    },
    onWatermark(input) {
      if (input === Number.POSITIVE_INFINITY) return input;
      return watermarkSeen() - maxOutOfOrdernessMs;
    },
    isIdle: (now) => idleTimeoutMs > 0 && now - lastEventAt >= idleTimeoutMs,
    snapshot: () => ({
      maxSeen: Number.isFinite(maxSeen) ? maxSeen : null,
      splits: Object.fromEntries(
        [...splits].filter(([, c]) => Number.isFinite(c.maxSeen)).map(([name, c]) => [name, c.maxSeen]),
      ),
    }),
    restore(saved) {
      const s = saved as { maxSeen?: number | null; splits?: Record<string, unknown> } | null;
      maxSeen = typeof s?.maxSeen === 'number' ? s.maxSeen : Number.NEGATIVE_INFINITY;
      splits.clear();
      // Restored splits count as just seen (open() sets the clock): each gets its idle timeout anew.
      for (const [name, seen] of Object.entries(s?.splits ?? {}))
        if (typeof seen === 'number') splits.set(name, { maxSeen: seen, lastEventAt: 0 });
      if (splits.size === 0 && Number.isFinite(maxSeen)) splits.set('', { maxSeen, lastEventAt: 0 });
    },
    stateSize: () => ({ keys: 0, openWindows: 0 }),
  };
}
