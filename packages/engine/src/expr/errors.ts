import type { ExprError } from '@eventide/shared';

/** Thrown at compile time for invalid source; `errors` holds every problem found, the first is the message. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  readonly start: number;
  readonly end: number;
  readonly errors: ExprError[];
  /** For projections and keys: the output field name or the index of the expression that failed. */
  readonly field: string | undefined;

  constructor(
    readonly source: string,
    errors: ExprError[],
    field?: string,
  ) {
    const first = errors[0] ?? { message: 'invalid expression', start: 0, end: source.length };
    super(field === undefined ? first.message : `${field}: ${first.message}`);
    this.start = first.start;
    this.end = first.end;
    this.errors = errors;
    this.field = field;
  }
}

/**
 * Thrown while evaluating an expression on one event (missing field, wrong type, division by zero...).
 * Operators catch it per event and route the event to their error port. `start`/`end` locate the
 * failing sub-expression in the source; `expression` is its text.
 */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
    readonly expression: string,
  ) {
    super(message);
  }
}
