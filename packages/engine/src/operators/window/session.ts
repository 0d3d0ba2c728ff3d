import { type CompiledExpression, compileExpression } from '../../expr/index.js';
import type {
  Event,
  KindNode,
  KindOperatorFactory,
  Operator,
  OperatorContext,
} from '../../runtime/operator.js';
import { failureMessage } from '../transform/stage.js';
import { type Accumulators, AggregatorSet } from './aggregations/aggregator-set.js';
import { compareTuples } from './compare.js';
import { KeyExtractor } from './key.js';
import { MinHeap } from './min-heap.js';
import { timeFromJSON, timeToJSON } from './time-json.js';
import { WindowClock } from './window-clock.js';
import { keyFieldsOf, type WindowParams } from './window-params.js';
import { ResultBuffer, type WindowFire, windowResult } from './window-result.js';

interface Session {
  start: number;
  end: number;
  accs: Accumulators;
  /** Some firing of it (or of a session merged into it) was emitted: the next one is an update. */
  fired: boolean;
  /** The end it last fired at; a merge that moves the end makes it due again. */
  firedEnd: number;
  /**
   * End of its pending fire timer, NaN when none. A growing session keeps its timer: when the timer
   * pops before the new end, it is pushed again, instead of one push per event.
   */
  timerEnd: number;
  dirty: boolean;
  /** Merged into another session: its timers are stale. */
  dead: boolean;
  /**
   * Holds only events of gap 0, all at time `start` ([start, start + 1)): it joins a new session
   * that contains its time, not one that only touches it, so gap-0 events never widen a session.
   */
  point: boolean;
}

interface KeySessions {
  keyValues: unknown[];
  /** Disjoint sessions, ascending by start. */
  list: Session[];
}

/** A fire (at end - 1) or cleanup (at end - 1 + lateness) timer; stale when the session moved on. */
interface Timer {
  due: number;
  end: number;
  keyValues: unknown[];
  id: unknown;
  session: Session;
}

interface Snapshot {
  watermark: number | string;
  seq: number;
  keys: [unknown[], [number, number, unknown[], boolean, number | string, boolean, boolean?][]][];
}

const byDue = (a: Timer, b: Timer) => a.due - b.due;
const byEndThenKey = (a: Timer, b: Timer) => a.due - b.due || compareTuples(a.keyValues, b.keyValues);

/**
 * Session windows with Flink's merging semantics: each event opens [t, t + gap); sessions of a key
 * that overlap or touch (Flink's TimeWindow.intersects) merge, also when a late event bridges two.
 * Lateness is judged on the merged session, as Flink does. With dynamicGap each event has its own
 * gap (Flink's withDynamicGap); a gap of 0, which Flink refuses, adds an event to the session that
 * contains its time without widening it (a bid joins its auction's [dateTime, expires + 1)), and
 * alone it is a point session [t, t + 1) that only a session containing t takes in.
 */
export class SessionWindowOperator implements Operator {
  readonly nodeId: string;
  private readonly gap: number;
  private readonly dynamicGap: CompiledExpression | undefined;
  private readonly params: WindowParams;
  private readonly key: KeyExtractor;
  private readonly aggregator: AggregatorSet;
  private readonly processingTime: boolean;
  private readonly clock: WindowClock;
  private ctx!: OperatorContext;
  private readonly out = new ResultBuffer();
  private watermark = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private keys = new Map<unknown, KeySessions>();
  /**
   * By due alone: most pops re-arm a grown session, and comparing keys there (ties are common) cost
   * more than the rest of the event. The sessions due in one advance are sorted by (end, key) then.
   */
  private readonly fireTimers = new MinHeap<Timer>(byDue);
  private readonly cleanupTimers = new MinHeap<Timer>(byDue);

  constructor(node: KindNode<'window.session'>) {
    this.nodeId = node.id;
    this.gap = node.params.gapMs;
    this.dynamicGap = node.params.dynamicGap ? compileExpression(node.params.dynamicGap) : undefined;
    this.params = node.params;
    this.key = new KeyExtractor(keyFieldsOf(node, this.params));
    this.aggregator = new AggregatorSet(this.params.aggregations);
    this.processingTime = this.params.timeMode === 'processing';
    this.clock = new WindowClock(
      this.params,
      (time) => this.advance(time),
      () => this.fireEarly(),
    );
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.clock.open(ctx);
  }

  processBatch(_port: string, events: Event[], times: number[]): void {
    const now = this.processingTime ? this.ctx.now() : 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as Event;
      const t = this.processingTime ? now : (times[i] as number);
      if (!Number.isFinite(t)) this.ctx.error(event, t, 'event has no valid time');
      else this.process(event, t);
    }
    this.out.flush(this.ctx);
  }

  private process(event: Event, t: number): void {
    const gap = this.dynamicGap ? this.gapOf(event, t) : this.gap;
    if (gap === undefined) return;
    const id = this.key.id(event);
    const ks = this.keys.get(id);
    const list = ks?.list ?? [];
    // Sessions touching [t, t + gap): a contiguous run of the sorted list. A point session is taken
    // in only when [t, t + gap) contains its time; a gap-0 event only joins a session containing t.
    const point = gap === 0;
    const reach = point ? t + 1 : t + gap;
    let first = 0;
    while (first < list.length && (list[first] as Session).end < t) first++;
    if (
      first < list.length &&
      (point || (list[first] as Session).point) &&
      (list[first] as Session).end === t
    )
      first++;
    let last = first;
    let start = t;
    let end = reach;
    while (last < list.length) {
      const s = list[last] as Session;
      if (s.start > end || ((point || s.point) && s.start === end)) break;
      start = Math.min(start, s.start);
      end = Math.max(end, s.end);
      last++;
    }
    if (end - 1 + this.params.allowedLatenessMs <= this.watermark) {
      this.ctx.late(event, t);
      return;
    }
    if (this.aggregator.refuses(this.ctx, event, t)) return;
    const keySessions = ks ?? this.addKey(id, event);
    const session = this.mergeInto(keySessions.list, first, last, start, end, point);
    this.aggregator.add(session.accs, event, t, this.seq++);
    session.dirty = true;
    if (end - 1 <= this.watermark) {
      // Due already (late data within the allowed lateness): fires at once, as an update.
      this.fire(keySessions, id, session, 'update');
    } else if (Number.isNaN(session.timerEnd)) {
      this.schedule(keySessions, id, session);
    }
  }

  private schedule(ks: KeySessions, id: unknown, s: Session): void {
    s.timerEnd = s.end;
    this.fireTimers.push({ due: s.end, end: s.end, keyValues: ks.keyValues, id, session: s });
  }

  private addKey(id: unknown, event: Event): KeySessions {
    const ks: KeySessions = { keyValues: this.key.values(event), list: [] };
    this.keys.set(id, ks);
    return ks;
  }

  /**
   * The gap dynamicGap gives the event: a whole number of ms >= 0; anything else sends the event to
   * the error port (undefined).
   */
  private gapOf(event: Event, t: number): number | undefined {
    let gap: unknown;
    try {
      gap = (this.dynamicGap as CompiledExpression)(event);
    } catch (err) {
      this.ctx.error(event, t, `dynamicGap: ${failureMessage(err)}`);
      return undefined;
    }
    if (typeof gap === 'number' && Number.isInteger(gap) && gap >= 0) return gap;
    this.ctx.error(
      event,
      t,
      `dynamicGap gave ${JSON.stringify(gap)}: expected a whole number of ms, 0 or more`,
    );
    return undefined;
  }

  /**
   * Replaces list[first, last) by one session [start, end), merging their accumulators; `point`:
   * the event has gap 0, so a session it creates alone is a point session.
   */
  private mergeInto(
    list: Session[],
    first: number,
    last: number,
    start: number,
    end: number,
    point: boolean,
  ): Session {
    if (first === last) {
      const created: Session = {
        start,
        end,
        accs: this.aggregator.create(),
        fired: false,
        firedEnd: Number.NaN,
        timerEnd: Number.NaN,
        dirty: false,
        dead: false,
        point,
      };
      list.splice(first, 0, created);
      return created;
    }
    const target = list[first] as Session;
    for (let i = first + 1; i < last; i++) {
      const other = list[i] as Session;
      this.aggregator.merge(target.accs, other.accs);
      target.fired ||= other.fired;
      other.dead = true;
    }
    if (last - first > 1) list.splice(first + 1, last - first - 1);
    // A point joined by an event with a gap, or by another session, holds more than its time now.
    target.point &&= point && last - first === 1;
    target.start = start;
    target.end = end;
    return target;
  }

  private fire(ks: KeySessions, id: unknown, s: Session, fire: WindowFire): void {
    this.out.push(
      windowResult(this.key.fields, ks.keyValues, s.start, s.end, fire, this.aggregator, s.accs),
      s.end - 1,
      this.ctx,
    );
    s.dirty = false;
    const dropped = this.aggregator.takeDropped(s.accs);
    if (dropped > 0) this.ctx.dropped(dropped, 'collect: values over the limit');
    if (fire === 'early') return;
    s.fired = true;
    s.firedEnd = s.end;
    const lateness = this.params.allowedLatenessMs;
    if (lateness === 0) this.remove(ks, id, s);
    else
      this.cleanupTimers.push({ due: s.end + lateness, end: s.end, keyValues: ks.keyValues, id, session: s });
  }

  private remove(ks: KeySessions, id: unknown, s: Session): void {
    const i = ks.list.indexOf(s);
    if (i >= 0) ks.list.splice(i, 1);
    s.dead = true;
    if (ks.list.length === 0) this.keys.delete(id);
  }

  private isCurrent(timer: Timer): boolean {
    return !timer.session.dead && timer.session.end === timer.end;
  }

  /** Fires sessions with end - 1 <= time in (end, key) order, then drops those past their lateness. */
  private advance(time: number): void {
    if (time <= this.watermark) return;
    this.watermark = time;
    const due: Timer[] = [];
    for (let timer = this.fireTimers.peek(); timer && timer.due - 1 <= time; timer = this.fireTimers.peek()) {
      this.fireTimers.pop();
      const s = timer.session;
      if (s.dead || timer.end !== s.timerEnd) continue;
      s.timerEnd = Number.NaN;
      if (s.firedEnd === s.end) continue;
      // The session grew since the timer was set: due later.
      if (s.end !== timer.end) this.schedule(this.keys.get(timer.id) as KeySessions, timer.id, s);
      else due.push(timer);
    }
    due.sort(byEndThenKey);
    for (const timer of due) {
      const s = timer.session;
      this.fire(this.keys.get(timer.id) as KeySessions, timer.id, s, s.fired ? 'update' : 'final');
    }
    for (
      let timer = this.cleanupTimers.peek();
      timer && timer.due - 1 <= time;
      timer = this.cleanupTimers.peek()
    ) {
      this.cleanupTimers.pop();
      if (this.isCurrent(timer)) this.remove(this.keys.get(timer.id) as KeySessions, timer.id, timer.session);
    }
  }

  onWatermark(watermark: number): number {
    this.clock.onWatermark(watermark);
    this.out.flush(this.ctx);
    return watermark;
  }

  onProcessingTime(now: number): void {
    this.clock.onProcessingTime(now);
    this.out.flush(this.ctx);
  }

  /** Partial results of the unfired sessions that changed, in (end, key) order. */
  private fireEarly(): void {
    const due: Timer[] = [];
    for (const [id, ks] of this.keys)
      for (const s of ks.list)
        if (s.dirty && s.firedEnd !== s.end)
          due.push({ due: s.end, end: s.end, keyValues: ks.keyValues, id, session: s });
    due.sort(byEndThenKey);
    for (const timer of due)
      this.fire(this.keys.get(timer.id) as KeySessions, timer.id, timer.session, 'early');
  }

  snapshot(): Snapshot {
    return {
      watermark: timeToJSON(this.watermark),
      seq: this.seq,
      keys: [...this.keys.values()].map((ks) => [
        ks.keyValues,
        ks.list.map((s): [number, number, unknown[], boolean, number | string, boolean, boolean?] => {
          const row: [number, number, unknown[], boolean, number | string, boolean, boolean?] = [
            s.start,
            s.end,
            this.aggregator.toJSON(s.accs),
            s.fired,
            Number.isNaN(s.firedEnd) ? 'none' : s.firedEnd,
            s.dirty,
          ];
          // Only point sessions say so: snapshots of constant-gap sessions keep their earlier shape.
          if (s.point) row.push(true);
          return row;
        }),
      ]),
    };
  }

  restore(state: unknown): void {
    const snap = state as Snapshot;
    this.watermark = timeFromJSON(snap.watermark);
    this.seq = snap.seq;
    this.keys = new Map();
    this.fireTimers.clear();
    this.cleanupTimers.clear();
    const lateness = this.params.allowedLatenessMs;
    for (const [keyValues, sessions] of snap.keys) {
      const id = this.key.idOfValues(keyValues);
      const ks: KeySessions = { keyValues, list: [] };
      this.keys.set(id, ks);
      for (const [start, end, accs, fired, firedEnd, dirty, point] of sessions) {
        const s: Session = {
          start,
          end,
          accs: this.aggregator.fromJSON(accs),
          fired,
          firedEnd: typeof firedEnd === 'number' ? firedEnd : Number.NaN,
          timerEnd: Number.NaN,
          dirty,
          dead: false,
          point: point === true,
        };
        ks.list.push(s);
        if (s.firedEnd === end)
          this.cleanupTimers.push({ end, keyValues, id, session: s, due: end + lateness });
        else this.schedule(ks, id, s);
      }
    }
  }

  stateSize(): { keys: number; openWindows: number } {
    let openWindows = 0;
    for (const ks of this.keys.values()) openWindows += ks.list.length;
    return { keys: this.keys.size, openWindows };
  }
}

/** window.session: gapMs (or the event's dynamicGap) of inactivity closes a key's session. */
export const sessionWindow: KindOperatorFactory<'window.session'> = (node) => new SessionWindowOperator(node);
