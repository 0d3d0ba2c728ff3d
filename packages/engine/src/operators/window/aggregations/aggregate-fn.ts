/**
 * One aggregate function. An accumulator is created once per window and key: a small integer where
 * that suffices (count: nothing to allocate), else a small mutable object; `add` and `merge` return
 * the accumulator to keep. Accumulators merge (session windows, sliding slices) and snapshot to
 * plain JSON.
 * Null and missing values never reach `add`: like SQL aggregates, they are skipped.
 */
export interface AggregateFn<A> {
  /** sum, avg and percentile take numbers only; anything else is an error of the event. */
  readonly numeric: boolean;
  create(): A;
  /** `time` and `seq` (arrival number) order first/last and collect. */
  add(acc: A, value: unknown, time: number, seq: number): A;
  /**
   * Adds a micro-batch column-wise: event rows.rows[k] into accumulator rows.targets[k][slot].
   * Each function has its own loop, so the add inside it stays monomorphic and inlined.
   */
  addRows(rows: Rows, slot: number, field: string | undefined): void;
  /** Folds `from` into `into`, leaving `from` unchanged. */
  merge(into: A, from: A): A;
  result(acc: A): unknown;
  toJSON(acc: A): unknown;
  fromJSON(json: unknown): A;
  /** Values dropped by a bound since the last call (collect's limit): reported, never silent. */
  takeDropped?(acc: A): number;
}

/** The accepted events of one micro-batch, each with the accumulators (one per window) it goes to. */
export interface Rows {
  /** Accumulators of the window and key of row k. */
  targets: unknown[][];
  /** Index into events / times of row k. */
  rows: number[];
  n: number;
  events: Record<string, unknown>[];
  times: number[];
  /** Arrival number of events[0]; events[i] has seqBase + i. */
  seqBase: number;
}

/** The aggregated value of row k: `true` when the function has no field (count). */
export function valueAt(r: Rows, k: number, field: string | undefined): unknown {
  if (field === undefined) return true;
  return (r.events[r.rows[k] as number] as Record<string, unknown>)[field];
}

/** Time and arrival number of row k. */
export const timeAt = (r: Rows, k: number) => r.times[r.rows[k] as number] as number;
export const seqAt = (r: Rows, k: number) => r.seqBase + (r.rows[k] as number);

/** Reads a JSON object field restored from a snapshot. */
export function field<T>(json: unknown, name: string): T {
  return (json as Record<string, T>)[name] as T;
}
