/**
 * Edge conditions of the NFA: a step's CEL condition, or a combination (not / and / or) built by the
 * compiler, as Flink's RichNotCondition / RichAndCondition. A condition gets the event and a view of
 * the partial match, whose step lists are only built when a CEL condition refers to a step name
 * (Flink's iterative conditions); most conditions never pay for them.
 */

import { compilePredicate } from '../../expr/index.js';
import type { Event } from '../../runtime/operator.js';

/** The partial match a condition is evaluated against: step name -> events matched so far. */
export interface MatchView {
  vars(): Record<string, Event[]>;
}

export type Condition = (event: Event, match: MatchView) => boolean;

/** Conditions that never read the partial match: same result for every partial match on one event. */
const eventOnly = new WeakSet<Condition>();

/** Whether `c` depends on the event only (never on the partial match), so one evaluation per event serves all branches. */
export function isEventOnly(c: Condition): boolean {
  return eventOnly.has(c);
}

function marked(c: Condition, onEventOnly: boolean): Condition {
  if (onEventOnly) eventOnly.add(c);
  return c;
}

export const TRUE: Condition = marked(() => true, true);

export function not(c: Condition): Condition {
  return marked((e, m) => !c(e, m), isEventOnly(c));
}

export function and(a: Condition, b: Condition): Condition {
  return marked((e, m) => a(e, m) && b(e, m), isEventOnly(a) && isEventOnly(b));
}

export function or(a: Condition, b: Condition): Condition {
  return marked((e, m) => a(e, m) || b(e, m), isEventOnly(a) && isEventOnly(b));
}

/** Blanks string literals so that a step name inside quotes does not count as a reference. */
function withoutStrings(src: string): string {
  return src.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
}

/** True when `src` may read one of `names` as a variable (a conservative, textual test). */
export function mentionsAny(src: string, names: readonly string[]): boolean {
  const text = withoutStrings(src);
  return names.some((n) => new RegExp(`(^|[^A-Za-z0-9_.])${n}($|[^A-Za-z0-9_])`).test(text));
}

/**
 * Compiles a CEL condition over the event, with every step name bound to its matched events.
 * Throws ExpressionError for invalid source; evaluation throws EvaluationError.
 */
export function celCondition(src: string, stepNames: readonly string[]): Condition {
  const pred = compilePredicate(src, { variables: stepNames });
  // no step name in the source: the predicate never reads its variables, so it is the condition
  // itself (one call less per edge and event, the hottest path of the operator)
  if (!mentionsAny(src, stepNames)) return marked(pred as (e: Event) => boolean, true);
  return (e, m) => pred(e, m.vars());
}
