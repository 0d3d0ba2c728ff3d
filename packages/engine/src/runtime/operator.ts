/**
 * The contract between the runtime and every operator. Data moves as micro-batches: an array of
 * events with a parallel array of their times (event time after assign-timestamps, processing time
 * before it). Watermarks, end of input and checkpoint barriers arrive in-band between batches; the
 * runtime delivers them to an operator only after every batch that preceded them.
 */

import type { KindId, KindParams, StreamInfo } from '@eventide/shared';

/** An event: one JSON object. Operators never mutate an event they received; they emit new objects. */
export type Event = Record<string, unknown>;

export interface OperatorContext {
  /** Emit a batch on an output port (by port id of the catalog). `times` is parallel to `events`. */
  emit(port: string, events: Event[], times: number[]): void;
  /** An event the operator could not process (expression failed, no valid time): counted, then sent to the error port. */
  error(event: Event, time: number, message: string): void;
  /** An event later than the operator accepts: counted, then sent to the late port. */
  late(event: Event, time: number): void;
  /** Something dropped by a bound (CEP caps, queue limits): counted in metrics, never silent. */
  dropped(count: number, reason: string): void;
  /** Processing time in epoch ms; injected, so tests and replays control the clock. */
  now(): number;
  /** Micro-batch settings of the run. */
  readonly microBatch: { maxEvents: number; maxDelayMs: number };
}

export interface Operator {
  readonly nodeId: string;
  /** Called once before any data. */
  open(ctx: OperatorContext): void;
  /** A batch arrived on an input port. */
  processBatch(port: string, events: Event[], times: number[]): void;
  /**
   * The operator's combined input watermark advanced (the runtime takes the minimum over its inputs,
   * ignoring idle ones). Fire what is due, emit results, then return the watermark to forward
   * downstream (usually the same; an operator that holds events back returns less).
   * End of input arrives as +Infinity.
   */
  onWatermark(watermark: number): number;
  /** Processing-time tick, about every `microBatch.maxDelayMs`: early firing, processing-time windows, batching timeouts. */
  onProcessingTime?(now: number): void;
  /** State as plain JSON, taken at a checkpoint barrier. */
  snapshot(): unknown;
  /** Restores what snapshot() returned, before open(). */
  restore(state: unknown): void;
  /** State size for metrics. */
  stateSize(): { keys: number; openWindows: number };
  /**
   * True for operators that generate watermarks from the events they see (assign-timestamps): the
   * runtime then calls onWatermark at every micro-batch boundary, even when the input watermark
   * did not advance, and forwards what it returns.
   */
  readonly generatesWatermarks?: boolean;
  /** An idle output no longer holds back the minimum watermark of the operators downstream. */
  isIdle?(now: number): boolean;
  /**
   * How many events a batch stands for in the node's `in` count, when not its length: a window of
   * a parallel run reading partials that each stand for the events they aggregate.
   */
  eventsIn?(events: Event[]): number;
}

export interface OperatorNode<P = Record<string, unknown>> {
  id: string;
  kind: string;
  /** Params already parsed by the catalog schema, with defaults. */
  params: P;
  /**
   * The stream arriving on each input port, as the validator inferred it. `inputs.in.key` is the key
   * set upstream by key-by: keyed operators whose own `keyBy` param is empty key by it
   * (`effectiveKey(params.keyBy, inputs.in)` from @eventide/shared).
   */
  inputs?: Record<string, StreamInfo>;
  /**
   * The output ports that have an edge (the compiler sets it). An operator may skip the work of
   * an output nobody reads; absent, every output counts as connected.
   */
  connectedOutputs?: readonly string[];
}

/** A node of kind K: its params typed and defaulted by the catalog (`KindParams<K>`). */
export type KindNode<K extends KindId> = OperatorNode<KindParams<K>>;

/** Builds the operator of one node. Registered per kind; see operators/registry.ts. */
export type OperatorFactory<P = Record<string, unknown>> = (node: OperatorNode<P>) => Operator;

/** The factory of kind K: it receives its params typed, with the catalog's defaults. */
export type KindOperatorFactory<K extends KindId> = OperatorFactory<KindParams<K>>;

/** What a stateless operator does not write: no state to snapshot, restore or count; watermarks pass through. */
const STATELESS = {
  onWatermark: (watermark: number) => watermark,
  snapshot: () => null,
  restore() {},
  stateSize: () => ({ keys: 0, openWindows: 0 }),
} satisfies Partial<Operator>;

/** What a stateless operator writes itself: processBatch, and open when it needs the context. */
export type StatelessOperatorSpec = Pick<Operator, 'nodeId' | 'processBatch'> &
  Partial<Pick<Operator, 'open' | 'onProcessingTime' | 'onWatermark' | 'isIdle'>>;

/** An operator with the no-op snapshot, restore, stateSize and watermark pass-through of STATELESS. */
export function defineOperator(spec: StatelessOperatorSpec): Operator {
  return { ...STATELESS, open() {}, ...spec };
}
