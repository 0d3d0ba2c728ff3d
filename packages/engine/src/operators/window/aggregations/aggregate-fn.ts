/**
 * One aggregate function. The state of a window (for one key) is one array, the window's cells;
 * each function owns `width` cells from its offset. Functions whose state is a few numbers (count,
 * sum, avg) keep it in the cells themselves: a window with only those holds one array of doubles,
 * nothing else to allocate or to chase through memory. The others keep one object in their cell.
 * Cells merge (session windows) and snapshot to plain JSON.
 * Null and missing values never reach `add`: like SQL aggregates, they are skipped.
 */
export interface AggregateFn {
  /** sum, avg and percentile take numbers only; anything else is an error of the event. */
  readonly numeric: boolean;
  /** Cells used, from the function's offset. */
  readonly width: number;
  /**
   * Its cells are numbers that init sets to 0 (count, sum, avg): the cells of many windows can then
   * live in one Float64Array, `width` doubles per window from a base index.
   */
  readonly flat?: boolean;
  /** Appends the initial cells (at s.length === o). */
  init(s: Cells, o: number): void;
  /**
   * What `add` takes from an event, for a function that reads more than its one field (max_by: the
   * ordering value beside the value); undefined skips the event. Without it, the aggregated field's
   * value (true for a count without one).
   */
  readonly read?: (event: Record<string, unknown>) => unknown;
  /** `time` and `seq` (arrival number) order first/last and collect. */
  add(s: Cells, o: number, value: unknown, time: number, seq: number): void;
  /**
   * Adds a micro-batch column-wise: event rows.rows[k] into the cells rows.targets[k].
   * Each function has its own loop, so the add inside it stays monomorphic and inlined.
   */
  addRows(rows: Rows, o: number, field: string | undefined): void;
  /** Folds `from`'s cells into `into`'s, leaving `from` unchanged. */
  merge(into: Cells, from: Cells, o: number): void;
  result(s: Cells, o: number): unknown;
  toJSON(s: Cells, o: number): unknown;
  /** Appends the cells a toJSON result describes (at s.length === o). */
  fromJSON(json: unknown, s: Cells, o: number): void;
  /** Values dropped by a bound since the last call (collect's limit): reported, never silent. */
  takeDropped?(s: Cells, o: number): number;
}

/** The state of one window and key. */
export type Cells = unknown[];

/** The accepted events of one micro-batch, each with the cells (one window's) it goes to. */
export interface Rows {
  /** Cells of the window and key of row k. */
  targets: Cells[];
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

/**
 * A function whose state is one object in its cell: the object-level operations lifted to cells.
 * Its addRows loop is written by each function (see AggregateFn.addRows).
 */
export function objectCell<A>(spec: {
  numeric: boolean;
  read?: (event: Record<string, unknown>) => unknown;
  create(): A;
  add(acc: A, value: unknown, time: number, seq: number): void;
  addRows(rows: Rows, o: number, field: string | undefined): void;
  merge(into: A, from: A): void;
  result(acc: A): unknown;
  toJSON(acc: A): unknown;
  fromJSON(json: unknown): A;
  takeDropped?(acc: A): number;
}): AggregateFn {
  const takeDropped = spec.takeDropped;
  return {
    numeric: spec.numeric,
    ...(spec.read ? { read: spec.read } : {}),
    width: 1,
    init: (s, o) => {
      s[o] = spec.create();
    },
    add: (s, o, value, time, seq) => spec.add(s[o] as A, value, time, seq),
    addRows: spec.addRows,
    merge: (into, from, o) => spec.merge(into[o] as A, from[o] as A),
    result: (s, o) => spec.result(s[o] as A),
    toJSON: (s, o) => spec.toJSON(s[o] as A),
    fromJSON: (json, s, o) => {
      s[o] = spec.fromJSON(json);
    },
    ...(takeDropped ? { takeDropped: (s: Cells, o: number) => takeDropped(s[o] as A) } : {}),
  };
}
