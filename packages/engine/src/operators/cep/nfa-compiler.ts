/**
 * Compiles a pattern (the `cep.pattern` node's steps) into an NFA of states with take / ignore /
 * proceed edges, as Flink's NFACompiler does: the graph is built backwards from the final state;
 * looping and times quantifiers become chains of states; notNext becomes a state with an edge to a
 * stop state; notFollowedBy becomes stop edges on the states that follow it (or, at the end of a
 * pattern with `within`, a pending state that completes when the window closes). The runtime that
 * advances partial matches through this graph is nfa.ts.
 */
import type { PatternStep } from '@eventide/shared';
import { and, type Condition, celCondition, not, or, TRUE } from './conditions.js';

export type EdgeAction = 'take' | 'ignore' | 'proceed';

export interface NfaEdge {
  readonly action: EdgeAction;
  readonly target: number;
  readonly condition: Condition;
}

/**
 * normal: waits for events; final: a complete match; stop: reaching it kills the branch (a negated
 * step matched); pending: a trailing notFollowedBy, a match once the window closes without the event.
 */
export type StateKind = 'normal' | 'final' | 'stop' | 'pending';

export interface NfaState {
  readonly id: number;
  /** The step whose events this state takes (-1 for final and pending states). */
  readonly step: number;
  readonly kind: StateKind;
  readonly edges: NfaEdge[];
}

export interface Nfa {
  readonly states: readonly NfaState[];
  readonly start: number;
  readonly stepNames: readonly string[];
  readonly withinMs: number;
}

type Quantifier = PatternStep['quantifier'];

/** The (from, to) counts of a quantifier: to = Infinity for looping ones. */
function counts(q: Quantifier): { from: number; to: number; looping: boolean } {
  switch (q.kind) {
    case 'once':
      return { from: 1, to: 1, looping: false };
    case 'times':
      return { from: q.min ?? 1, to: q.max ?? q.min ?? 1, looping: false };
    case 'timesOrMore':
      return { from: q.min ?? 1, to: q.min ?? 1, looping: true };
    case 'oneOrMore':
      return { from: 1, to: 1, looping: true };
  }
}

/** The ignore condition for a contiguity: strict has none, relaxed skips till the next match, any skips anything. */
function ignoreFor(contiguity: 'strict' | 'relaxed' | 'any', take: Condition): Condition | null {
  if (contiguity === 'strict') return null;
  return contiguity === 'relaxed' ? not(take) : TRUE;
}

class NfaBuilder {
  readonly states: NfaState[] = [];
  private readonly stopStates = new Map<number, number>();
  private readonly takes: Condition[];
  private readonly untils: (Condition | null)[];
  /** Index of the step being converted, walking backwards. */
  private current = 0;
  /** The take condition of what follows the current step (for greedy), as Flink's followingTakeCondition. */
  private followingTake: Condition | null = null;

  constructor(
    private readonly steps: readonly PatternStep[],
    private readonly withinMs: number,
  ) {
    const names = steps.map((s) => s.name);
    this.takes = steps.map((s) => celCondition(s.condition, names));
    this.untils = steps.map((s) => (s.until ? celCondition(s.until, names) : null));
  }

  build(): number {
    let sink = this.state(-1, 'final');
    for (let i = this.steps.length - 1; i >= 1; i--) {
      this.current = i;
      const step = this.steps[i]!;
      if (step.negated && step.contiguity !== 'strict') {
        // notFollowedBy: an edge condition of the following states; at the end, a pending state
        if (this.states[sink]!.kind === 'final' && this.withinMs > 0) {
          const pending = this.state(-1, 'pending');
          const cond = this.takes[i]!;
          this.edge(pending, 'proceed', this.stopState(i), cond);
          this.edge(pending, 'ignore', pending, not(cond));
          sink = pending;
        }
      } else if (step.negated) {
        // notNext: the very next event must not match; at the end, the match completes on that event
        const notNext = this.state(i, 'normal');
        const cond = this.takes[i]!;
        if (this.states[sink]!.kind === 'final') this.edge(notNext, 'ignore', sink, not(cond));
        else this.edge(notNext, 'proceed', sink, not(cond));
        this.edge(notNext, 'proceed', this.stopState(i), cond);
        sink = notNext;
      } else {
        sink = this.convertStep(sink);
      }
    }
    this.current = 0;
    return this.convertStep(sink);
  }

  private state(step: number, kind: StateKind): number {
    const id = this.states.length;
    this.states.push({ id, step, kind, edges: [] });
    return id;
  }

  private edge(from: number, action: EdgeAction, target: number, condition: Condition): void {
    this.states[from]!.edges.push({ action, target, condition });
  }

  /** One stop state per negated step: reaching it discards the branch. */
  private stopState(step: number): number {
    let id = this.stopStates.get(step);
    if (id === undefined) {
      id = this.state(step, 'stop');
      this.stopStates.set(step, id);
    }
    return id;
  }

  private get step(): PatternStep {
    return this.steps[this.current]!;
  }

  /** How the current step follows the previous one; the first step is strict (Flink's begin). */
  private get entryContiguity(): 'strict' | 'relaxed' | 'any' {
    if (this.current === 0) return 'strict';
    const c = this.step.contiguity;
    return c === 'nonDeterministic' ? 'any' : c;
  }

  /** Contiguity between the events of a looping step. */
  private get innerContiguity(): 'strict' | 'relaxed' | 'any' {
    if (this.step.consecutive) return 'strict';
    return this.step.allowCombinations ? 'any' : 'relaxed';
  }

  /** notFollowedBy steps right before the current one, through optional steps (Flink's getCurrentNotCondition). */
  private currentNotSteps(): number[] {
    const out: number[] = [];
    for (let i = this.current - 1; i >= 1; i--) {
      const s = this.steps[i]!;
      const notFollow = s.negated && s.contiguity !== 'strict';
      if (!notFollow && !s.optional) break;
      if (notFollow) out.push(i);
    }
    return out;
  }

  private addStopStates(state: number): void {
    for (const i of this.currentNotSteps()) this.edge(state, 'proceed', this.stopState(i), this.takes[i]!);
  }

  /** A looping step followed by notFollowedBy: the negated event kills the loop too. */
  private addStopStateToLooping(state: number): void {
    const next = this.steps[this.current + 1];
    if (next?.negated && next.contiguity !== 'strict') {
      const i = this.current + 1;
      this.edge(state, 'proceed', this.stopState(i), this.takes[i]!);
    }
  }

  /**
   * A copy of `sink` without the stop edges of notFollowedBy steps before an optional current step:
   * once the optional step took an event, the earlier negations no longer apply.
   */
  private copyWithoutTransitiveNots(sink: number): number {
    const nots = new Set(this.currentNotSteps().map((i) => this.stopState(i)));
    if (nots.size === 0 || !this.step.optional) return sink;
    const original = this.states[sink]!;
    const copy = this.state(original.step, original.kind);
    for (const e of original.edges) {
      if (e.action === 'proceed') {
        if (nots.has(e.target)) continue;
        const target =
          this.states[e.target]!.kind === 'stop' ? e.target : this.copyWithoutTransitiveNots(e.target);
        this.edge(copy, e.action, target, e.condition);
      } else {
        this.edge(copy, e.action, e.target === sink ? copy : e.target, e.condition);
      }
    }
    return copy;
  }

  private convertStep(sink: number): number {
    const { from, to, looping } = counts(this.step.quantifier);
    let first: number;
    if (looping) {
      const loop = this.createLooping(this.copyWithoutTransitiveNots(sink));
      first = this.createTimes(loop, sink, from, to);
    } else {
      first = this.createTimes(sink, sink, from, to);
    }
    this.addStopStates(first);
    return first;
  }

  private takeCondition(): Condition {
    const take = this.takes[this.current]!;
    const until = this.untils[this.current];
    return until ? and(not(until), take) : take;
  }

  private innerIgnoreCondition(): Condition | null {
    const ignore = ignoreFor(this.innerContiguity, this.takes[this.current]!);
    const until = this.untils[this.current];
    return ignore && until ? and(not(until), ignore) : ignore;
  }

  /** Proceed of a greedy state: only when the event cannot be taken (and the next step takes it, or nothing else can). */
  private greedyCondition(take: Condition, ignore: Condition | null): Condition {
    let cond: Condition = not(take);
    if (this.followingTake) cond = and(cond, this.followingTake);
    return or(cond, ignore ? not(or(take, ignore)) : not(take));
  }

  private updateFollowingTake(take: Condition, optional: boolean): void {
    this.followingTake = optional && this.followingTake ? or(take, this.followingTake) : take;
  }

  /** `from` mandatory states then `to - from` optional ones; the first one has the step's entry contiguity. */
  private createTimes(sink: number, proceed: number, from: number, to: number): number {
    const take = this.takeCondition();
    const innerIgnore = this.innerIgnoreCondition();
    let last = sink;
    for (let i = from; i < to; i++) {
      last = this.createSingleton(last, proceed, take, innerIgnore, true);
      this.addStopStateToLooping(last);
    }
    for (let i = 0; i < from - 1; i++) {
      last = this.createSingleton(last, null, take, innerIgnore, false);
      this.addStopStateToLooping(last);
    }
    const entryIgnore = ignoreFor(this.entryContiguity, this.takes[this.current]!);
    return this.createSingleton(last, proceed, take, entryIgnore, this.step.optional);
  }

  private createSingleton(
    sink: number,
    proceed: number | null,
    take: Condition,
    ignore: Condition | null,
    optional: boolean,
  ): number {
    const greedy = this.step.greedy;
    const state = this.state(this.current, 'normal');
    const target = this.copyWithoutTransitiveNots(sink);
    this.edge(state, 'take', target, take);
    let proceedCondition = TRUE;
    if (optional && proceed !== null) {
      if (greedy) proceedCondition = this.greedyCondition(take, ignore);
      this.edge(state, 'proceed', proceed, proceedCondition);
    }
    if (ignore) {
      let ignoreState = state;
      if (optional) {
        // after ignoring, the state may no longer proceed: that branch exists already
        ignoreState = this.state(this.current, 'normal');
        this.edge(ignoreState, 'take', target, take);
        this.edge(ignoreState, 'ignore', ignoreState, ignore);
        this.addStopStates(ignoreState);
        if (greedy && proceed !== null) this.edge(ignoreState, 'proceed', proceed, proceedCondition);
      }
      this.edge(state, 'ignore', ignoreState, ignore);
    }
    this.updateFollowingTake(take, optional);
    return state;
  }

  private createLooping(sink: number): number {
    const take = this.takeCondition();
    const ignore = this.innerIgnoreCondition();
    const proceedCondition = this.step.greedy ? this.greedyCondition(take, ignore) : TRUE;
    const loop = this.state(this.current, 'normal');
    this.edge(loop, 'proceed', sink, proceedCondition);
    this.edge(loop, 'take', loop, take);
    this.addStopStateToLooping(loop);
    if (ignore) {
      const ignoreState = this.state(this.current, 'normal');
      this.edge(ignoreState, 'take', loop, take);
      this.edge(ignoreState, 'ignore', ignoreState, ignore);
      this.edge(loop, 'ignore', ignoreState, ignore);
      if (this.step.greedy) this.edge(ignoreState, 'proceed', sink, proceedCondition);
      this.addStopStateToLooping(ignoreState);
    }
    this.updateFollowingTake(take, true);
    return loop;
  }
}

/** Compiles the steps; throws ExpressionError when a condition is invalid. */
export function compileNfa(steps: readonly PatternStep[], withinMs: number): Nfa {
  const builder = new NfaBuilder(steps, withinMs);
  const start = builder.build();
  return { states: builder.states, start, stepNames: steps.map((s) => s.name), withinMs };
}
