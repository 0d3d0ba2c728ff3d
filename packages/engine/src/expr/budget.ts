/**
 * The cost bound of one evaluation. Only comprehensions (all, exists, exists_one, map, filter) can
 * make an expression's work grow faster than its source times the event's size: nested
 * comprehensions multiply, and a body handling big strings or lists repeats that work per element.
 * So a compiled expression with a comprehension gets a budget, reset at every evaluation: each
 * iteration costs one step, and inside a comprehension body every string or list handed to an
 * operator or function costs its length in 1/1024 steps (a native string scan of 1 KiB costs about
 * what one interpreted iteration does), and every element or key a deep equality compares costs a
 * step (that walk is interpreted). Exceeding
 * it is an EvaluationError like any other, so the event goes to the node's error port.
 * Expressions without a comprehension are not metered: their hot path stays untouched.
 */

/** Steps per evaluation; 100,000 iterations of a small body take a few milliseconds. */
export const MAX_EVALUATION_STEPS = 100_000;

/** Units of a step: a string character, list element or map key handled costs one unit. */
export const STEP_UNITS = 1024;

export interface Budget {
  /** units used by the current evaluation */
  used: number;
  /** units allowed per evaluation */
  readonly limit: number;
}

export function newBudget(maxSteps: number): Budget {
  return { used: 0, limit: maxSteps * STEP_UNITS };
}

/** What a value handed to an operator or function inside a comprehension body costs, in units. */
export function valueUnits(x: unknown): number {
  if (typeof x === 'string' || Array.isArray(x)) return x.length;
  return 0;
}

export function budgetMessage(budget: Budget): string {
  return `the expression exceeded its budget of ${(budget.limit / STEP_UNITS).toLocaleString('en-US')} steps per event (comprehension iterations, and the sizes of strings and lists handled inside them)`;
}
