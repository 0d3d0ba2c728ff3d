/**
 * The `cep.pattern` operator: keys events, buffers them until the watermark passes (event time) so
 * that each key's NFA sees its events in event-time order, fires `within` timers in time order, and
 * emits matches on `out` (the projection over step name -> events, or those lists themselves),
 * expired partial matches on `timeout`, late events on `late`. Processing-time mode matches in
 * arrival order without buffering. Caps on buffered events and partial matches per key drop with a
 * count, never silently.
 */

import {
  type CompiledKey,
  type CompiledProjection,
  compileKey,
  compileProjection,
} from '../../expr/index.js';
import type { Event, Operator, OperatorContext, OperatorNode } from '../../runtime/operator.js';
import { AfterMatchSkip } from './after-match-skip.js';
import { type BufferVisitor, EventTimeBuffer } from './event-time-buffer.js';
import { KeyState } from './key-state.js';
import { type NfaOutput, NfaRunner } from './nfa.js';
import { compileNfa } from './nfa-compiler.js';
import type { PatternParams } from './pattern-params.js';
import { type BufferNode, extractMatch, summarizeMatch } from './shared-buffer.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot.js';
import { TimerQueue } from './timer-queue.js';

/**
 * Keys with nothing in them and no event since the previous sweep are removed when the map has
 * doubled since then: O(1) per key, memory within twice the keys active between sweeps, and a key
 * that comes back often is not freed and rebuilt over and over.
 */
const MIN_SWEEP = 1024;

export class PatternOperator implements Operator, NfaOutput, BufferVisitor<KeyState> {
  readonly nodeId: string;
  private readonly runner: NfaRunner;
  private readonly keyOf: CompiledKey | null;
  private readonly project: CompiledProjection | null;
  /** Without output fields, a match is one summary row (emit: summary) instead of the step lists. */
  private readonly summary: boolean;
  private readonly stepNames: readonly string[];
  private readonly eventTime: boolean;
  /** Whether the `timeout` port has an edge: timeouts nobody reads are not built. */
  private readonly timeouts: boolean;
  /**
   * `within` enforced when a key's next event comes rather than by timers. A timer only makes
   * something happen at its deadline when that emits a timeout (read), completes a trailing
   * notFollowedBy, or releases a match held back by the expiring partial match. A strict chain has
   * no trailing notFollowedBy, and a key holding a match back still gets its timer; so with no
   * timeout read, pruning a key's expired partial matches just before its next event gives the
   * same matches, and most keys never need a timer. Expired partial matches of a key that goes
   * quiet stay in memory until then, or until the next sweep of idle keys.
   */
  private readonly lazyWithin: boolean;
  private ctx: OperatorContext | null = null;
  private keys = new Map<string, KeyState>();
  private sweepAt = MIN_SWEEP;
  private buffer = new EventTimeBuffer<KeyState>();
  private timers = new TimerQueue<KeyState>();
  /** Timer slots (KeyState.slot) of removed keys, for reuse; `slotCount` is the next new one. */
  private freeSlots: number[] = [];
  private slotCount = 0;
  private watermark = Number.NEGATIVE_INFINITY;
  private outEvents: Event[] = [];
  private outTimes: number[] = [];
  private timeoutEvents: Event[] = [];
  private timeoutTimes: number[] = [];

  constructor(
    node: OperatorNode,
    private readonly params: PatternParams,
  ) {
    this.nodeId = node.id;
    const nfa = compileNfa(params.steps, params.withinMs);
    const skipStep = params.steps.findIndex((s) => s.name === params.skip.step);
    this.runner = new NfaRunner(
      nfa,
      new AfterMatchSkip(params.skip.strategy, skipStep),
      params.maxPartialMatchesPerKey,
    );
    this.stepNames = nfa.stepNames;
    // the node's key expression, else the fields key-by set upstream, else one global key
    const keyExprs = params.key.trim() !== '' ? [params.key] : (node.inputs?.in?.key ?? []);
    this.keyOf = keyExprs.length > 0 ? compileKey(keyExprs) : null;
    this.project =
      params.output.length > 0 ? compileProjection(params.output, { variables: this.stepNames }) : null;
    this.summary = params.emit === 'summary';
    this.eventTime = params.timeMode === 'event';
    this.timeouts = node.connectedOutputs?.includes('timeout') ?? true;
    this.lazyWithin = !this.timeouts && this.runner.isStrictChain && params.withinMs > 0;
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }

  processBatch(_port: string, events: Event[], times: number[]): void {
    const ctx = this.context();
    const { keyOf, eventTime, watermark, buffer } = this;
    const maxBuffered = this.params.maxBufferedEventsPerKey;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const time = times[i]!;
      if (typeof time !== 'number' || Number.isNaN(time)) {
        ctx.error(event, time, 'cep.pattern: the event has no valid time');
        continue;
      }
      if (eventTime && time <= watermark) {
        ctx.late(event, time);
        continue;
      }
      let key = '';
      if (keyOf !== null) {
        try {
          key = keyOf(event);
        } catch (err) {
          ctx.error(event, time, `cep.pattern key: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
      }
      const ks = this.keyState(key);
      if (!eventTime) {
        this.release(event, time, ks);
        continue;
      }
      if (ks.buffered >= maxBuffered) {
        ctx.dropped(1, 'maxBufferedEventsPerKey: event dropped while waiting for the watermark');
        continue;
      }
      ks.buffered++;
      buffer.add(event, time, ks);
    }
    this.flush();
  }

  onWatermark(watermark: number): number {
    const previous = this.watermark;
    if (watermark <= previous) return previous;
    this.watermark = watermark;
    if (this.eventTime) {
      this.buffer.drain(watermark, this);
    }
    this.fireTimers(watermark);
    if (watermark === Number.POSITIVE_INFINITY) this.finish(previous);
    this.flush();
    if (this.keys.size >= this.sweepAt) this.sweep();
    return watermark;
  }

  /** One event to match: released by the watermark (event time) or just arrived (processing time). */
  release(event: Event, time: number, ks: KeyState): void {
    this.fireTimers(time);
    if (this.eventTime) ks.buffered--;
    const had = ks.hasPartials;
    if (this.lazyWithin && had && this.runner.deadline(ks) <= time) this.runner.advanceTime(ks, time, this);
    this.runner.process(ks, event, time, this);
    // a key without partial matches before and after (most events) has no deadline to move
    if ((had || ks.hasPartials) && (!this.lazyWithin || ks.held.length > 0)) this.scheduleTimer(ks);
  }

  onProcessingTime(now: number): void {
    if (this.eventTime) return;
    this.fireTimers(now);
    this.flush();
  }

  snapshot(): unknown {
    return encodeSnapshot({
      watermark: this.watermark,
      keys: [...this.keys.values()],
      partialsOf: (ks) => this.runner.partialsOf(ks),
      buffer: this.buffer,
      timers: this.liveTimers(),
    });
  }

  restore(state: unknown): void {
    this.freeSlots = [];
    this.slotCount = 0;
    const s = decodeSnapshot(state, this.runner.nfa.states.length, (key) => this.newKeyState(key));
    this.watermark = s.watermark;
    this.keys = new Map(s.keys.map((k) => [k.key, k]));
    this.buffer = new EventTimeBuffer<KeyState>();
    this.buffer.restore(s.buffer);
    this.timers = new TimerQueue<KeyState>();
    for (const t of s.timers) this.timers.set(t.at, t.key.slot, t.key);
  }

  stateSize(): { keys: number; openWindows: number } {
    let keys = 0;
    let openWindows = 0;
    for (const ks of this.keys.values()) {
      if (ks.isEmpty) continue;
      keys++;
      openWindows += this.runner.partialCount(ks);
    }
    return { keys, openWindows };
  }

  // NfaOutput: called by the runner, collected and emitted in order at the end of the call

  match(tail: BufferNode | null, time: number): void {
    if (this.project === null) {
      this.outEvents.push(
        this.summary ? summarizeMatch(tail, this.summaryKey(tail)) : extractMatch(tail, this.stepNames),
      );
    } else {
      const vars = extractMatch(tail, this.stepNames);
      const last = tail?.event ?? {};
      try {
        this.outEvents.push(this.project(last, vars));
      } catch (err) {
        this.context().error(
          last,
          time,
          `cep.pattern output: ${err instanceof Error ? err.message : String(err)}`,
        );
        return;
      }
    }
    this.outTimes.push(time);
  }

  timeout(tail: BufferNode | null, time: number): void {
    if (!this.timeouts) return;
    this.timeoutEvents.push(extractMatch(tail, this.stepNames));
    this.timeoutTimes.push(time);
  }

  error(event: Event, time: number, message: string): void {
    this.context().error(event, time, `cep.pattern condition: ${message}`);
  }

  dropped(count: number, reason: string): void {
    this.context().dropped(count, reason);
  }

  /** The match's key for a summary row (its events share it), or null for an unkeyed pattern. */
  private summaryKey(tail: BufferNode | null): string | null {
    if (this.keyOf === null || tail === null) return null;
    return this.keyOf(tail.event);
  }

  private context(): OperatorContext {
    if (this.ctx === null) throw new Error(`cep.pattern ${this.nodeId}: used before open()`);
    return this.ctx;
  }

  private keyState(key: string): KeyState {
    let ks = this.keys.get(key);
    if (ks === undefined) {
      ks = this.newKeyState(key);
      this.keys.set(key, ks);
    } else ks.touched = true;
    return ks;
  }

  private newKeyState(key: string): KeyState {
    const slot = this.freeSlots.pop() ?? this.slotCount++;
    return new KeyState(key, slot, this.runner.recentCapacity);
  }

  /** Keeps the key's timer at its earliest deadline; a key without partial matches needs none. */
  private scheduleTimer(ks: KeyState): void {
    const at = this.runner.deadline(ks);
    const live = this.timers.liveAt(ks.slot);
    if (at === Number.POSITIVE_INFINITY) {
      if (live !== Number.POSITIVE_INFINITY) this.timers.cancel(ks.slot);
    } else if (at < live) this.timers.set(at, ks.slot, ks);
  }

  /** Fires the `within` timers due at `time`, in (time, registration) order. */
  private fireTimers(time: number): void {
    const timers = this.timers;
    if (timers.peek() > time) return;
    for (let ks = timers.popDue(time); ks !== undefined; ks = timers.popDue(time)) {
      this.runner.advanceTime(ks, timers.poppedAt, this);
      this.scheduleTimer(ks);
    }
  }

  /** The live timers in firing order, for snapshots; the queue is rebuilt in the same order. */
  private liveTimers(): { key: KeyState; at: number }[] {
    const live: { key: KeyState; at: number }[] = [];
    const timers = this.timers;
    for (let ks = timers.popDue(Infinity); ks !== undefined; ks = timers.popDue(Infinity))
      live.push({ key: ks, at: timers.poppedAt });
    for (const t of live) timers.set(t.at, t.key.slot, t.key);
    return live;
  }

  private flush(): void {
    const ctx = this.context();
    if (this.outEvents.length > 0) {
      ctx.emit('out', this.outEvents, this.outTimes);
      this.outEvents = [];
      this.outTimes = [];
    }
    if (this.timeoutEvents.length > 0) {
      ctx.emit('timeout', this.timeoutEvents, this.timeoutTimes);
      this.timeoutEvents = [];
      this.timeoutTimes = [];
    }
  }

  /**
   * End of input: held matches of every key, ordered by time then key (map order depends on arrival),
   * each at the time of its last event but after the last watermark sent, so that none is late downstream.
   */
  private finish(lastWatermark: number): void {
    const held = [...this.keys.values()].filter((ks) => ks.held.length > 0);
    if (held.length === 0) return;
    held.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const from = this.outEvents.length;
    for (const ks of held) this.runner.finish(ks, lastWatermark + 1, this);
    const tail = this.outEvents.splice(from).map((event, i) => ({ event, time: this.outTimes[from + i]! }));
    this.outTimes.length = from;
    tail.sort((a, b) => a.time - b.time);
    for (const t of tail) {
      this.outEvents.push(t.event);
      this.outTimes.push(t.time);
    }
  }

  private sweep(): void {
    for (const [key, ks] of this.keys) {
      // without timers, a quiet key's expired partial matches go now (every event <= the watermark
      // has been released, so none of them could still be extended); held matches keep their timer
      if (this.lazyWithin && this.eventTime && ks.hasPartials && ks.held.length === 0)
        this.runner.advanceTime(ks, this.watermark, this);
      if (ks.isEmpty && !ks.touched && this.timers.liveAt(ks.slot) === Number.POSITIVE_INFINITY) {
        this.keys.delete(key);
        this.freeSlots.push(ks.slot);
      } else ks.touched = false;
    }
    this.sweepAt = Math.max(MIN_SWEEP, 2 * this.keys.size);
  }
}
