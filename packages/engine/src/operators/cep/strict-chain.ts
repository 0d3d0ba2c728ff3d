/**
 * The compact form of a strict chain's partial matches. In a chain of L strict takes whose
 * conditions read the event only (times(n).consecutive(), next().next()...), every partial match of
 * a key has taken the key's last d events, d being its depth in the chain: the partial matches are
 * fully described by the set of their depths, one bit each (shift-and, as in bitap string matching),
 * plus the key's last L - 1 events, which all of them share. An event then costs one evaluation per
 * distinct condition and a few integer operations, where the object form (nfa.ts) allocates a
 * shared-buffer node and a partial match per take. Buffer nodes are built only for what leaves the
 * key (a match, a timeout, a snapshot, or the object form when an event cannot be evaluated).
 */
import type { Event } from '../../runtime/operator.js';
import { type AfterMatchSkip, pruned } from './after-match-skip.js';
import { type Condition, isEventOnly, type MatchView } from './conditions.js';
import type { PartialMatch } from './nfa.js';
import type { Nfa } from './nfa-compiler.js';
import type { BufferNode } from './shared-buffer.js';

/** Depth bits live in a 32-bit integer, with one bit to spare for the completing take. */
const MAX_LENGTH = 30;

/** Recent events a key keeps in fields of its own; longer chains keep the rest in arrays. */
export const INLINE_RECENT = 3;

/**
 * The compact per-key state: bit d of `depths` set = a partial match that took the key's last d
 * events. Those events and their times are kept in slots, an event at its position modulo the
 * capacity (the chain length - 1). The first slots are fields of the key's own object rather than
 * an array: they are written for every taken event, and a separate array, cold by the time the
 * key's next event comes, cost a cache miss there (a fifth of the operator's time in the benchmark).
 * Slots are overwritten, not cleared, when partial matches end: a key keeps at most L - 1 events.
 */
export interface CompactChainState {
  depths: number;
  /** Position the next event of the key gets (so the last taken event is at pos - 1). */
  pos: number;
  recent0: Event | null;
  recent1: Event | null;
  recent2: Event | null;
  recentTime0: number;
  recentTime1: number;
  recentTime2: number;
  /** Slots from INLINE_RECENT on. */
  readonly moreRecentEvents: (Event | null)[];
  readonly moreRecentTimes: number[];
}

function setRecent(ks: CompactChainState, slot: number, event: Event, time: number): void {
  switch (slot) {
    case 0:
      ks.recent0 = event;
      ks.recentTime0 = time;
      return;
    case 1:
      ks.recent1 = event;
      ks.recentTime1 = time;
      return;
    case 2:
      ks.recent2 = event;
      ks.recentTime2 = time;
      return;
    default:
      ks.moreRecentEvents[slot - INLINE_RECENT] = event;
      ks.moreRecentTimes[slot - INLINE_RECENT] = time;
  }
}

function recentEvent(ks: CompactChainState, slot: number): Event {
  const e =
    slot === 0
      ? ks.recent0
      : slot === 1
        ? ks.recent1
        : slot === 2
          ? ks.recent2
          : ks.moreRecentEvents[slot - INLINE_RECENT];
  return e!;
}

function recentTime(ks: CompactChainState, slot: number): number {
  return slot === 0
    ? ks.recentTime0
    : slot === 1
      ? ks.recentTime1
      : slot === 2
        ? ks.recentTime2
        : ks.moreRecentTimes[slot - INLINE_RECENT]!;
}

export class StrictChain {
  /** Takes from the start state to the final one. */
  readonly length: number;
  /** Events a key keeps: length - 1. */
  readonly capacity: number;
  /** NFA state at each depth 0..length-1. */
  private readonly stateAt: number[];
  /** Step index of the state at each depth. */
  private readonly stepAt: number[];
  /** The distinct take conditions, and per condition the bits of the depths that take with it. */
  private readonly conditions: Condition[];
  private readonly conditionDepths: number[];

  private constructor(nfa: Nfa, states: number[]) {
    this.length = states.length;
    this.capacity = states.length - 1;
    this.stateAt = states;
    this.stepAt = states.map((s) => nfa.states[s]!.step);
    this.conditions = [];
    this.conditionDepths = [];
    states.forEach((s, depth) => {
      const c = nfa.states[s]!.edges[0]!.condition;
      let j = this.conditions.indexOf(c);
      if (j < 0) {
        j = this.conditions.length;
        this.conditions.push(c);
        this.conditionDepths.push(0);
      }
      this.conditionDepths[j]! |= 1 << depth;
    });
  }

  /**
   * The compact form of `nfa`, or null when it is not a chain of at most MAX_LENGTH strict takes
   * from the start to the final state with event-only conditions.
   */
  static of(nfa: Nfa): StrictChain | null {
    const states: number[] = [];
    for (let s = nfa.start; nfa.states[s]!.kind !== 'final'; ) {
      const st = nfa.states[s]!;
      const edge = st.edges[0];
      if (st.kind !== 'normal' || st.edges.length !== 1 || edge === undefined || edge.action !== 'take')
        return null;
      if (!isEventOnly(edge.condition) || states.includes(s) || states.length === MAX_LENGTH) return null;
      states.push(s);
      s = edge.target;
    }
    return states.length === 0 ? null : new StrictChain(nfa, states);
  }

  /**
   * The depths among `active` whose take condition holds on `event`, one evaluation per distinct
   * condition; throws what a condition throws.
   */
  holding(active: number, event: Event, view: MatchView): number {
    let holds = 0;
    for (let j = 0; j < this.conditions.length; j++) {
      const depths = this.conditionDepths[j]!;
      if ((active & depths) !== 0 && this.conditions[j]!(event, view)) holds |= depths;
    }
    return holds & active;
  }

  /** Keeps `event` (taken at position pos) for the partial matches that go on with it. */
  remember(ks: CompactChainState, pos: number, event: Event, time: number): void {
    if (this.capacity > 0) setRecent(ks, pos % this.capacity, event, time);
  }

  startPos(ks: CompactChainState, depth: number): number {
    return ks.pos - depth;
  }

  startTime(ks: CompactChainState, depth: number): number {
    return recentTime(ks, (ks.pos - depth) % this.capacity);
  }

  /** The oldest partial match's depth (its highest bit); `depths` must not be 0. */
  oldest(depths: number): number {
    return 31 - Math.clz32(depths);
  }

  /** The buffer nodes of the partial match of `depth`: the key's last `depth` events. */
  tail(ks: CompactChainState, depth: number): BufferNode | null {
    return this.nodes(ks, ks.pos, depth);
  }

  /** The match that `event`, at position `pos`, completes (before ks.pos moves past it): the deepest partial match and the event. */
  completed(ks: CompactChainState, event: Event, time: number, pos: number): BufferNode {
    const prev = this.nodes(ks, pos, this.capacity);
    return { step: this.stepAt[this.length - 1]!, event, time, pos, prev };
  }

  /** Nodes of the `count` events before position `end`, taken at depths 0..count-1. */
  private nodes(ks: CompactChainState, end: number, count: number): BufferNode | null {
    let node: BufferNode | null = null;
    for (let k = 0; k < count; k++) {
      const pos = end - count + k;
      const slot = pos % this.capacity;
      node = {
        step: this.stepAt[k]!,
        event: recentEvent(ks, slot),
        time: recentTime(ks, slot),
        pos,
        prev: node,
      };
    }
    return node;
  }

  /** The partial matches in the object form, oldest first. */
  materialize(ks: CompactChainState): PartialMatch[] {
    const out: PartialMatch[] = [];
    for (let d = this.length - 1; d >= 1; d--) {
      if ((ks.depths & (1 << d)) === 0) continue;
      out.push({
        state: this.stateAt[d]!,
        tail: this.tail(ks, d),
        startTime: this.startTime(ks, d),
        startPos: this.startPos(ks, d),
      });
    }
    return out;
  }

  /** `depths` without the partial matches a match with pruning bound `bound` discards. */
  prune(ks: CompactChainState, skip: AfterMatchSkip, bound: number): number {
    let depths = ks.depths;
    for (let d = this.oldest(depths); d >= 1; d--)
      if ((depths & (1 << d)) !== 0 && pruned(this.startPos(ks, d), skip, bound)) depths &= ~(1 << d);
    return depths;
  }
}

/** Number of set bits: the partial matches of a compact state. */
export function countDepths(depths: number): number {
  let n = 0;
  for (let d = depths; d !== 0; d &= d - 1) n++;
  return n;
}

/** `depths` with only its `max` highest bits (the oldest partial matches). */
export function keepOldest(depths: number, max: number): number {
  let kept = 0;
  for (let d = depths, n = 0; d !== 0 && n < max; n++) {
    const top = 1 << (31 - Math.clz32(d));
    kept |= top;
    d &= ~top;
  }
  return kept;
}
