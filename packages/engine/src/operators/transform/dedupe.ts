import type { Event, KindNode, Operator, OperatorContext } from '../../runtime/operator.js';

interface Buffered {
  event: Event;
  time: number;
  seq: number;
}

interface DedupeState {
  /** Per key, the time of the event that opened its span. */
  seen: [string, number][];
  buffer: Buffered[];
  seq: number;
  watermark: number | null;
}

/**
 * transform.dedupe: the first event of a key opens a span [t, t + withinMs); later events of that key
 * inside the span are dropped; the first one after it opens a new span. Keys are the keyBy fields,
 * else the key set upstream by key-by, else the whole event.
 *
 * In event time, events wait until the watermark passes them and are then taken in time order (ties
 * in arrival order), so the result does not depend on arrival disorder; an event already behind the
 * watermark is judged at once. Span state expires when the watermark (or, in processing time, the
 * clock) leaves the span.
 */
export function dedupeOperator(node: KindNode<'transform.dedupe'>): Operator {
  const own = node.params.keyBy;
  const fields: string[] = own.length > 0 ? own : (node.inputs?.in?.key ?? []);
  const { withinMs } = node.params;
  const eventTime = node.params.timeMode !== 'processing';
  const keyOf =
    fields.length === 0
      ? (event: Event) => JSON.stringify(event)
      : fields.length === 1
        ? (event: Event) => JSON.stringify(event[fields[0] as string] ?? null)
        : (event: Event) => JSON.stringify(fields.map((f) => event[f] ?? null));

  let ctx!: OperatorContext;
  let seen = new Map<string, number>();
  /** Keys in the order their spans opened, for expiry without scanning every key. */
  let expiry: [string, number][] = [];
  let buffer: Buffered[] = [];
  let seq = 0;
  let watermark = Number.NEGATIVE_INFINITY;

  const judge = (event: Event, time: number, out: Event[], outTimes: number[]) => {
    const key = keyOf(event);
    const opened = seen.get(key);
    if (opened !== undefined && time >= opened && time - opened < withinMs) return;
    seen.set(key, time);
    expiry.push([key, time]);
    out.push(event);
    outTimes.push(time);
  };

  const expire = (now: number) => {
    let i = 0;
    while (i < expiry.length) {
      const [key, opened] = expiry[i] as [string, number];
      if (opened + withinMs > now) break;
      if (seen.get(key) === opened) seen.delete(key);
      i++;
    }
    if (i > 0) expiry = expiry.slice(i);
  };

  return {
    nodeId: node.id,
    open(c) {
      ctx = c;
    },
    processBatch(_port, events, times) {
      const out: Event[] = [];
      const outTimes: number[] = [];
      for (let i = 0; i < events.length; i++) {
        const event = events[i] as Event;
        const time = times[i] as number;
        if (eventTime && time > watermark) buffer.push({ event, time, seq: seq++ });
        else judge(event, time, out, outTimes);
      }
      if (out.length > 0) ctx.emit('out', out, outTimes);
    },
    onWatermark(next) {
      watermark = next;
      if (eventTime && buffer.length > 0) {
        const due = buffer.filter((b) => b.time <= next);
        if (due.length > 0) {
          buffer = buffer.filter((b) => b.time > next);
          due.sort((a, b) => a.time - b.time || a.seq - b.seq);
          const out: Event[] = [];
          const outTimes: number[] = [];
          for (const b of due) judge(b.event, b.time, out, outTimes);
          if (out.length > 0) ctx.emit('out', out, outTimes);
        }
      }
      if (eventTime) expire(next);
      return next;
    },
    onProcessingTime(now) {
      if (!eventTime) expire(now);
    },
    snapshot: (): DedupeState => ({
      seen: [...seen],
      buffer,
      seq,
      watermark: Number.isFinite(watermark) ? watermark : null,
    }),
    restore(saved) {
      const s = saved as DedupeState | null;
      if (!s) return;
      seen = new Map(s.seen);
      expiry = [...seen].sort((a, b) => a[1] - b[1]);
      buffer = [...s.buffer];
      seq = s.seq;
      watermark = s.watermark ?? Number.NEGATIVE_INFINITY;
    },
    stateSize: () => ({ keys: seen.size, openWindows: 0 }),
  };
}
