/**
 * One aggregate function. Accumulators are small mutable objects, created once per window and key;
 * they merge (session windows merge their accumulators) and snapshot to plain JSON.
 * Null and missing values never reach `add`: like SQL aggregates, they are skipped.
 */
export interface AggregateFn<A> {
  /** sum, avg and percentile take numbers only; anything else is an error of the event. */
  readonly numeric: boolean;
  create(): A;
  /** `time` and `seq` (arrival number) order first/last and collect. */
  add(acc: A, value: unknown, time: number, seq: number): void;
  /** Folds `from` into `into`; `from` is discarded afterwards. */
  merge(into: A, from: A): void;
  result(acc: A): unknown;
  toJSON(acc: A): unknown;
  fromJSON(json: unknown): A;
  /** Values dropped by a bound since the last call (collect's limit): reported, never silent. */
  takeDropped?(acc: A): number;
}

/** Reads a JSON object field restored from a snapshot. */
export function field<T>(json: unknown, name: string): T {
  return (json as Record<string, T>)[name] as T;
}
