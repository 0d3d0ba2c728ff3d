/**
 * Advances the partial matches of one key through a compiled NFA (nfa-compiler.ts), event by event
 * in event-time order, as Flink's NFA: for each partial match, the proceed edges whose conditions
 * hold are followed (epsilon moves), then every take and ignore edge whose condition holds forks a
 * branch; a take adds the event to the shared buffer. A branch reaching the final state is a match,
 * one reaching a stop state (a negated step matched) is discarded with its siblings. A fresh match
 * attempt starts at every event. `within` prunes partial matches whose first event is too old.
 */
import type { Event } from '../../runtime/operator.js';
import { type AfterMatchSkip, mayPrune, pruned } from './after-match-skip.js';
import { type Condition, isEventOnly, type MatchView } from './conditions.js';
import type { Nfa, NfaState } from './nfa-compiler.js';
import { type BufferNode, extractMatch } from './shared-buffer.js';
import { type CompactChainState, countDepths, keepOldest, StrictChain } from './strict-chain.js';

/** Only the key's `partials` list refers to one, so a branch that just moves on may update it in place. */
export interface PartialMatch {
  state: number;
  /** Last node in the shared buffer: the versioned pointer to this branch's events. */
  tail: BufferNode | null;
  readonly startTime: number;
  /** Position of the first event, for skip strategies and ordering. */
  readonly startPos: number;
}

/** A complete match; with a skip strategy, held back while an older partial match may still prune it. */
export interface CompletedMatch {
  readonly tail: BufferNode | null;
  readonly startPos: number;
}

/**
 * NFA state of one key. The partial matches are either objects (`partials`) or, for a strict chain,
 * in the compact form of strict-chain.ts (`depths` non-zero), never both.
 */
export interface KeyNfaState extends CompactChainState {
  /** Sorted by startPos (oldest first). */
  partials: PartialMatch[];
  held: CompletedMatch[];
}

/**
 * Shared by every key without partial matches / held matches (most of them): never mutated, only
 * replaced, so that checking an idle key touches no memory of its own.
 */
export const NO_PARTIALS: PartialMatch[] = [];
export const NO_HELD: CompletedMatch[] = [];

export interface NfaOutput {
  match(tail: BufferNode | null, time: number): void;
  timeout(tail: BufferNode | null, time: number): void;
  error(event: Event, time: number, message: string): void;
  dropped(count: number, reason: string): void;
}

/** Lazily built step lists of the partial match a condition looks at. */
class PartialView implements MatchView {
  tail: BufferNode | null = null;
  private cached: Record<string, Event[]> | null = null;

  constructor(private readonly stepNames: readonly string[]) {}

  reset(tail: BufferNode | null): void {
    this.tail = tail;
    this.cached = null;
  }

  vars(): Record<string, Event[]> {
    if (this.cached === null) this.cached = extractMatch(this.tail, this.stepNames);
    return this.cached;
  }
}

/** Pushes onto a list allocated on first use: most events create no branch and no match. */
function append<T>(list: T[] | null, item: T): T[] {
  if (list === null) return [item];
  list.push(item);
  return list;
}

const TAKE = 0;
const IGNORE = 1;

export class NfaRunner {
  private readonly states: readonly NfaState[];
  private readonly view: PartialView;
  // scratch of the edges enabled for one partial match and one event
  private edgeKind: number[] = [];
  private edgeSource: number[] = [];
  private edgeTarget: number[] = [];
  private edgeCount = 0;
  private reachedStop = false;
  private readonly fresh: PartialMatch;
  /** Conditions of the start state's take edges, when it has no other edges. */
  private readonly startTakes: Condition[] | null;
  /** Per state: has a proceed edge (else a take into it cannot end the match at once). */
  private readonly proceeds: boolean[];
  /**
   * When the NFA is a strict chain (every state but the final one has a single take edge, e.g.
   * times(n).consecutive() or next-only patterns): per state, its take condition; else null.
   */
  private readonly chain: (Condition | null)[] | null;
  /** Per state of a chain: its take edge's target, and whether that is the final state. */
  private readonly chainTarget: number[] = [];
  private readonly chainFinal: boolean[] = [];
  private readonly chainEventOnly: boolean[] = [];
  /** The compact form, when the NFA is a short strict chain of event-only conditions. */
  private readonly compact: StrictChain | null;

  constructor(
    readonly nfa: Nfa,
    private readonly skip: AfterMatchSkip,
    private readonly maxPartials: number,
  ) {
    this.states = nfa.states;
    this.view = new PartialView(nfa.stepNames);
    this.fresh = { state: nfa.start, tail: null, startTime: 0, startPos: 0 };
    this.proceeds = nfa.states.map((st) => st.edges.some((e) => e.action === 'proceed'));
    const startEdges = nfa.states[nfa.start]!.edges;
    // a start state with take edges only: a fresh attempt does nothing unless one of them holds
    this.startTakes = startEdges.every((e) => e.action === 'take')
      ? startEdges.map((e) => e.condition)
      : null;
    this.chain = this.strictChain();
    this.compact = StrictChain.of(nfa);
  }

  private strictChain(): (Condition | null)[] | null {
    const chain: (Condition | null)[] = [];
    for (const st of this.states) {
      if (st.kind === 'final') {
        if (st.edges.length > 0) return null;
        chain.push(null);
        this.chainTarget.push(-1);
        this.chainFinal.push(false);
        this.chainEventOnly.push(false);
        continue;
      }
      const edge = st.edges[0];
      if (st.kind !== 'normal' || st.edges.length !== 1 || edge === undefined || edge.action !== 'take')
        return null;
      const target = this.states[edge.target]!;
      if (target.kind !== 'final' && target.kind !== 'normal') return null;
      chain.push(edge.condition);
      this.chainTarget.push(edge.target);
      this.chainFinal.push(target.kind === 'final');
      this.chainEventOnly.push(isEventOnly(edge.condition));
    }
    return chain;
  }

  /** Whether a take edge of the start state holds (false on an evaluation error: process() reports it). */
  private anyStart(event: Event): boolean {
    const takes = this.startTakes!;
    this.view.reset(null);
    try {
      for (let i = 0; i < takes.length; i++) if (takes[i]!(event, this.view)) return true;
      return false;
    } catch {
      return true; // let the general path evaluate again and report the error
    }
  }

  /** Feeds one event (the key's next in event-time order); `time` is its event time. */
  process(ks: KeyNfaState, event: Event, time: number, out: NfaOutput): void {
    if (
      this.compact !== null &&
      ks.partials.length === 0 &&
      ks.held.length === 0 &&
      this.processCompact(ks, event, time, out, this.compact)
    )
      return;
    if (this.chain !== null) {
      this.processChain(ks, event, time, out, this.chain);
      return;
    }
    // the common case, an idle key and an event that starts nothing: one condition, no machinery
    if (
      ks.partials.length === 0 &&
      ks.held.length === 0 &&
      this.startTakes !== null &&
      !this.anyStart(event)
    ) {
      ks.pos++;
      return;
    }
    const pos = ks.pos++;
    const partials = ks.partials;
    let next: PartialMatch[] | null = null;
    let matches: CompletedMatch[] | null = null;
    let failure: string | null = null;
    const n = partials.length;
    for (let i = 0; i <= n; i++) {
      const pm = i < n ? partials[i]! : this.fresh;
      try {
        this.enabledEdges(pm, event);
      } catch (err) {
        // the event cannot be evaluated: this branch keeps its state, as if it had not seen it
        failure ??= err instanceof Error ? err.message : String(err);
        if (i < n) next = append(next, pm);
        continue;
      }
      const count = this.edgeCount;
      if (count === 0) continue;
      // a negated step matched: every branch of this partial match dies (matches found stay, as in Flink)
      const keep = !this.reachedStop;
      for (let k = 0; k < count; k++) {
        const target = this.edgeTarget[k]!;
        const targetKind = this.states[target]!.kind;
        if (this.edgeKind[k] === IGNORE) {
          if (pm.tail === null) continue; // a fresh attempt never skips events
          if (targetKind === 'final') matches = append(matches, { tail: pm.tail, startPos: pm.startPos });
          else if (keep)
            next = append(next, {
              state: target,
              tail: pm.tail,
              startTime: pm.startTime,
              startPos: pm.startPos,
            });
          continue;
        }
        const node: BufferNode = {
          step: this.states[this.edgeSource[k]!]!.step,
          event,
          time,
          pos,
          prev: pm.tail,
        };
        const startTime = pm.tail === null ? time : pm.startTime;
        const startPos = pm.tail === null ? pos : pm.startPos;
        if (targetKind === 'final') {
          matches = append(matches, { tail: node, startPos });
          continue;
        }
        if (keep) next = append(next, { state: target, tail: node, startTime, startPos });
        if (this.proceeds[target] && this.proceedsToFinal(target, event))
          matches = append(matches, { tail: node, startPos });
      }
    }
    if (failure !== null) out.error(event, time, failure);
    ks.partials = next ?? NO_PARTIALS;
    this.settle(ks, matches, time, out);
  }

  /** After an event: caps the partial matches, then emits (or holds) the matches it completed. */
  private settle(ks: KeyNfaState, matches: CompletedMatch[] | null, time: number, out: NfaOutput): void {
    if (ks.partials.length > this.maxPartials) {
      // keep the oldest attempts, the closest to completing
      out.dropped(ks.partials.length - this.maxPartials, 'maxPartialMatchesPerKey: partial matches dropped');
      ks.partials.length = this.maxPartials;
    }
    if (matches !== null) this.complete(ks, matches, time, out);
    else if (ks.held.length > 0) this.release(ks, time, out);
  }

  /**
   * process() for a strict chain: each partial match either takes the event into the next state or
   * dies, so no edges to collect; a branch that moves on is updated in place, and a condition that
   * reads the event only is evaluated once for all branches. Same results as the general path.
   */
  private processChain(
    ks: KeyNfaState,
    event: Event,
    time: number,
    out: NfaOutput,
    chain: readonly (Condition | null)[],
  ): void {
    const pos = ks.pos++;
    const partials = ks.partials;
    const n = partials.length;
    let kept = 0;
    let matches: CompletedMatch[] | null = null;
    let failure: string | null = null;
    // the last event-only condition evaluated, and its result: 1 holds, 0 not, -1 threw
    let memoCond: Condition | null = null;
    let memo = 0;
    let grown: PartialMatch | null = null;
    for (let i = 0; i <= n; i++) {
      const pm = i < n ? partials[i]! : this.fresh;
      const state = pm.state;
      const cond = chain[state]!;
      let holds = memo;
      if (cond !== memoCond) {
        try {
          if (pm.tail !== this.view.tail) this.view.reset(pm.tail);
          holds = cond(event, this.view) ? 1 : 0;
        } catch (err) {
          failure ??= err instanceof Error ? err.message : String(err);
          holds = -1;
        }
        if (this.chainEventOnly[state]) {
          memoCond = cond;
          memo = holds;
        }
      }
      if (holds === -1) {
        // the event cannot be evaluated: this branch keeps its state, as if it had not seen it
        if (i < n) partials[kept++] = pm;
        continue;
      }
      if (holds === 0) continue;
      const node: BufferNode = { step: this.states[state]!.step, event, time, pos, prev: pm.tail };
      const startPos = pm.tail === null ? pos : pm.startPos;
      if (this.chainFinal[state]) {
        matches = append(matches, { tail: node, startPos });
        continue;
      }
      const target = this.chainTarget[state]!;
      if (i < n && pm.tail !== null) {
        pm.state = target;
        pm.tail = node;
        partials[kept++] = pm;
        continue;
      }
      const moved = {
        state: target,
        tail: node,
        startTime: pm.tail === null ? time : pm.startTime,
        startPos,
      };
      if (kept < n) partials[kept++] = moved;
      else grown = moved; // the fresh attempt, all older branches alive
    }
    if (n > 0) this.view.reset(null);
    if (failure !== null) out.error(event, time, failure);
    if (grown !== null) {
      if (n === 0) ks.partials = [grown];
      else partials.push(grown);
    } else if (kept === 0) {
      if (n > 0) ks.partials = NO_PARTIALS;
    } else partials.length = kept;
    this.settle(ks, matches, time, out);
  }

  /**
   * process() in the compact form. Returns false, with the key turned to the object form, when a
   * condition cannot be evaluated on the event: the object form then handles and reports it (a
   * branch that cannot see an event keeps its state, which breaks the compact form's invariant).
   */
  private processCompact(
    ks: KeyNfaState,
    event: Event,
    time: number,
    out: NfaOutput,
    chain: StrictChain,
  ): boolean {
    let taken: number;
    try {
      taken = chain.holding(ks.depths | 1, event, this.view);
    } catch {
      ks.partials = chain.materialize(ks);
      ks.depths = 0;
      return false;
    }
    const pos = ks.pos++;
    if (taken === 0) {
      ks.depths = 0;
      return true;
    }
    const length = chain.length;
    // the deepest partial match (or the fresh attempt of a one-take chain) took it: a match
    const matches =
      (taken & (1 << (length - 1))) !== 0
        ? [{ tail: chain.completed(ks, event, time, pos), startPos: pos - length + 1 }]
        : null;
    chain.remember(ks, pos, event, time);
    let depths = (taken << 1) & ~(1 << length);
    const count = countDepths(depths);
    if (count > this.maxPartials) {
      out.dropped(count - this.maxPartials, 'maxPartialMatchesPerKey: partial matches dropped');
      depths = keepOldest(depths, this.maxPartials);
    }
    ks.depths = depths;
    if (matches !== null) this.complete(ks, matches, time, out);
    return true;
  }

  /** advanceTime() in the compact form: the oldest partial matches are the ones that time out. */
  private advanceCompact(ks: KeyNfaState, time: number, out: NfaOutput, chain: StrictChain): void {
    const within = this.nfa.withinMs;
    let depths = ks.depths;
    for (let d = chain.oldest(depths); d >= 1; d--) {
      if ((depths & (1 << d)) === 0) continue;
      const startTime = chain.startTime(ks, d);
      if (time - startTime < within) break; // younger ones started later
      out.timeout(chain.tail(ks, d), startTime + within);
      depths &= ~(1 << d);
    }
    ks.depths = depths;
  }

  /** The key's partial matches in the object form, oldest first (for snapshots). */
  partialsOf(ks: KeyNfaState): readonly PartialMatch[] {
    return ks.depths !== 0 ? this.compact!.materialize(ks) : ks.partials;
  }

  /** Whether the NFA is a strict chain of takes (so it has no pending state: no trailing notFollowedBy). */
  get isStrictChain(): boolean {
    return this.chain !== null;
  }

  /** Events each key keeps for the compact form (the recent* fields of KeyNfaState). */
  get recentCapacity(): number {
    return this.compact?.capacity ?? 0;
  }

  partialCount(ks: KeyNfaState): number {
    return ks.partials.length + countDepths(ks.depths);
  }

  /**
   * Prunes partial matches whose first event is `withinMs` or more before `time`: a trailing
   * notFollowedBy becomes a match, anything else a timeout. Emits at `time`.
   */
  advanceTime(ks: KeyNfaState, time: number, out: NfaOutput): void {
    const within = this.nfa.withinMs;
    if (within <= 0) return;
    if (ks.depths !== 0) {
      this.advanceCompact(ks, time, out, this.compact!);
      return;
    }
    let kept: PartialMatch[] | null = null;
    let matches: CompletedMatch[] | null = null;
    const partials = ks.partials;
    for (let i = 0; i < partials.length; i++) {
      const pm = partials[i]!;
      if (time - pm.startTime < within) {
        if (kept !== null) kept.push(pm);
        continue;
      }
      kept ??= partials.slice(0, i);
      if (this.states[pm.state]!.kind === 'pending')
        matches = append(matches, { tail: pm.tail, startPos: pm.startPos });
      else out.timeout(pm.tail, pm.startTime + within);
    }
    if (kept === null) return;
    ks.partials = kept;
    if (matches !== null) this.complete(ks, matches, time, out);
    else this.release(ks, time, out);
  }

  /** The time at which the oldest partial match of the key times out (Infinity: none or no `within`). */
  deadline(ks: KeyNfaState): number {
    if (ks.depths !== 0 && this.nfa.withinMs > 0) {
      const chain = this.compact!;
      return chain.startTime(ks, chain.oldest(ks.depths)) + this.nfa.withinMs;
    }
    const first = ks.partials[0];
    return first === undefined || this.nfa.withinMs <= 0
      ? Number.POSITIVE_INFINITY
      : first.startTime + this.nfa.withinMs;
  }

  private complete(ks: KeyNfaState, matches: CompletedMatch[], time: number, out: NfaOutput): void {
    if (!this.skip.skips) {
      for (const m of matches) out.match(m.tail, time);
      return;
    }
    const only = matches.length === 1 && ks.held.length === 0 ? matches[0]! : null;
    if (only !== null && !this.blocked(ks, only.startPos)) {
      this.emit(ks, only, time, out); // the usual case: nothing to hold back
      return;
    }
    if (ks.held === NO_HELD) ks.held = [];
    for (const m of matches) {
      // stable insert by start: matches are emitted oldest attempt first
      let i = ks.held.length;
      while (i > 0 && ks.held[i - 1]!.startPos > m.startPos) i--;
      ks.held.splice(i, 0, m);
    }
    if (ks.held.length > this.maxPartials) {
      out.dropped(ks.held.length - this.maxPartials, 'maxPartialMatchesPerKey: held matches dropped');
      ks.held.length = this.maxPartials;
    }
    this.release(ks, time, out);
  }

  /** Whether a partial match older than `startPos` could still prune a match starting there. */
  private blocked(ks: KeyNfaState, startPos: number): boolean {
    for (const p of ks.partials) {
      if (p.startPos >= startPos) return false; // sorted by start
      if (mayPrune(this.skip, p.tail, startPos)) return true;
    }
    return false;
  }

  /** Emits held matches that no older partial match can prune any more, applying the skip strategy. */
  private release(ks: KeyNfaState, time: number, out: NfaOutput): void {
    while (ks.held.length > 0) {
      const head = ks.held[0]!;
      if (this.blocked(ks, head.startPos)) return;
      ks.held.shift();
      this.emit(ks, head, time, out);
    }
  }

  private emit(ks: KeyNfaState, m: CompletedMatch, time: number, out: NfaOutput): void {
    const bound = this.skip.bound(m.tail);
    if (bound >= 0) this.prune(ks, bound);
    out.match(m.tail, time);
  }

  /**
   * End of input: no partial match can complete any more, so held matches are emitted (in start
   * order, with the skip strategy), each at the time of its last event, or `notBefore` if later.
   */
  finish(ks: KeyNfaState, notBefore: number, out: NfaOutput): void {
    ks.partials = NO_PARTIALS;
    ks.depths = 0;
    while (ks.held.length > 0) {
      const head = ks.held.shift()!;
      this.emit(ks, head, Math.max(head.tail?.time ?? notBefore, notBefore), out);
    }
  }

  private prune(ks: KeyNfaState, bound: number): void {
    if (ks.depths !== 0) ks.depths = this.compact!.prune(ks, this.skip, bound);
    if (ks.partials.length > 0) ks.partials = this.without(ks.partials, bound, NO_PARTIALS);
    if (ks.held.length > 0) ks.held = this.without(ks.held, bound, NO_HELD);
  }

  /** `list` without what the bound prunes, filtered in place (the key owns its lists), or `none` when empty. */
  private without<T extends { readonly startPos: number }>(list: T[], bound: number, none: T[]): T[] {
    let k = 0;
    for (let i = 0; i < list.length; i++) {
      const x = list[i]!;
      if (!pruned(x.startPos, this.skip, bound)) list[k++] = x;
    }
    if (k === 0) return none;
    list.length = k;
    return list;
  }

  /** Collects the take / ignore edges enabled for `pm` on `event`, following proceed edges. */
  private enabledEdges(pm: PartialMatch, event: Event): void {
    this.edgeCount = 0;
    this.reachedStop = false;
    this.view.reset(pm.tail);
    this.collect(pm.state, event);
  }

  private collect(stateId: number, event: Event): void {
    const edges = this.states[stateId]!.edges;
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i]!;
      if (!edge.condition(event, this.view)) continue;
      if (edge.action === 'proceed') {
        const kind = this.states[edge.target]!.kind;
        if (kind === 'stop') this.reachedStop = true;
        else if (kind !== 'final') this.collect(edge.target, event);
        continue;
      }
      const k = this.edgeCount++;
      this.edgeKind[k] = edge.action === 'take' ? TAKE : IGNORE;
      this.edgeSource[k] = stateId;
      this.edgeTarget[k] = edge.target;
    }
  }

  /** After a take into `stateId`: can the match already end here (optional or looping rest)? */
  private proceedsToFinal(stateId: number, event: Event): boolean {
    const edges = this.states[stateId]!.edges;
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i]!;
      if (edge.action !== 'proceed') continue;
      const kind = this.states[edge.target]!.kind;
      if (kind === 'stop') continue;
      if (!safeCondition(edge, event, this.view)) continue;
      if (kind === 'final' || this.proceedsToFinal(edge.target, event)) return true;
    }
    return false;
  }
}

function safeCondition(
  edge: { condition: (e: Event, m: MatchView) => boolean },
  event: Event,
  view: MatchView,
): boolean {
  try {
    return edge.condition(event, view);
  } catch {
    return false; // already reported for this event by enabledEdges when it matters
  }
}
