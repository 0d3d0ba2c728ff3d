/**
 * What a host (apps/server, the browser preview, the CLI, tests) plugs into the engine: sources and
 * sinks it implements itself, and the handle of a running pipeline. Everything here is plain
 * TypeScript with no Node-only API, so a Web Worker can host a run too.
 */
import type { PipelineEdge, RunMetrics } from '@eventide/shared';
import type { Event, OperatorFactory, OperatorNode } from './runtime/operator.js';

/** What one poll of a source returned. */
export interface SourcePoll {
  events: Event[];
  /** True once the source will never return events again (a bounded input reached its end). */
  ended: boolean;
  /**
   * Input the source could not turn into events (a malformed message), each with an `error` field
   * saying why: counted as the node's errors and emitted on its `error` port.
   */
  errors?: Event[];
  /**
   * Nothing more is ready now (a push source's queue is empty): the runtime pushes what it holds
   * at once instead of waiting for a full batch or maxDelayMs, so bursts (an HTTP request's events)
   * do not wait out the batching delay. Batch boundaries never change results.
   */
  drained?: boolean;
  /**
   * Time of each event (parallel to `events`), for a source whose events already carry one (an
   * exchange between the instances of a parallel run); without it, events get the poll's time.
   * The run keeps both arrays as they are (no copy), so the source must not touch them afterwards.
   */
  times?: number[];
}

/**
 * A pull source. The runtime polls it once per step for at most `maxEvents`; it returns what is
 * ready now (possibly nothing) and never blocks. A push source (HTTP ingest, websocket ingest) is a
 * bounded queue the host fills: see `createQueueSource`.
 */
export interface Source {
  readonly nodeId: string;
  poll(maxEvents: number, now: number): SourcePoll;
  /** Position after the last event returned by poll, as plain JSON, for checkpoints. */
  offset(): unknown;
  /** Continue after the position offset() returned; called before the first poll. */
  restore(offset: unknown): void;
  close?(): void;
  /**
   * A source that knows its watermark (an exchange: the minimum over the instances sending into it)
   * supplies it; without it, a source's watermark is processing time.
   */
  watermark?(): number;
}

export type SourceFactory = (node: OperatorNode) => Source;

/**
 * A sink receives batches of the events arriving on its `in` port. `times` is parallel to `events`
 * (event time in event-time pipelines, processing time otherwise).
 */
export interface Sink {
  readonly nodeId: string;
  write(events: Event[], times: number[]): void;
  /** The watermark of the sink's input advanced (dashboards can show how far results are complete). */
  onWatermark?(watermark: number): void;
  /**
   * A checkpoint barrier reached the sink: everything written before it belongs to checkpoint `id`.
   * A committing sink (file) commits its output here; what it returns (plain JSON, e.g. output not yet
   * committed) is stored in the snapshot and handed back to restore().
   */
  onCheckpoint?(id: number): unknown;
  /** State that onCheckpoint returned, before the first write of a restored run. */
  restore?(state: unknown): void;
  /** End of the run (finished or stopped). */
  close?(): void | Promise<void>;
}

export type SinkFactory = (node: OperatorNode) => Sink;

export interface CompileOptions {
  /** Sources by kind that the host implements (source.file-replay, source.http-ingest, ...). */
  sources?: Record<string, SourceFactory>;
  /** Sinks by kind that the host implements; kinds left out get a collecting sink. */
  sinks?: Record<string, SinkFactory>;
  /** A sink per node, tried before `sinks`; undefined falls back to `sinks`, then to collecting. */
  sinkFor?: (node: OperatorNode) => Sink | undefined;
  /** Replaces a source node (by node id) with the given source, whatever its kind (tests, previews). */
  sourceOverrides?: Record<string, Source>;
  /** Extra or replacement operators by kind (tests). */
  operators?: Record<string, OperatorFactory>;
  /** Events a default collecting sink keeps (the most recent); default 10,000. */
  collectLimit?: number;
  /**
   * The host will watch every output port (watchOutput), edge or not, as runBounded does. Without
   * it, operators may skip the work of an output port without an edge (OperatorNode.connectedOutputs).
   */
  watchesAllOutputs?: boolean;
  /**
   * Fuse chains of stateless nodes into one loop (default true). A host that shows every node's own
   * output (the editor's preview) turns it off: inside a fused chain only the last node emits.
   */
  fuseChains?: boolean;
  /**
   * Run only these nodes of the document (one stage of a parallel run, parallel/plan.ts): edges
   * into the set from outside end at a source from `exchangeIn`, edges leaving it at a sink from
   * `exchangeOut`. Keys, schemas and validation still come from the whole document.
   */
  partition?: PartitionOptions;
}

export interface PartitionOptions {
  nodes: ReadonlySet<string>;
  exchangeIn(edge: PipelineEdge): Source;
  exchangeOut(edge: PipelineEdge): Sink;
}

export interface RunOptions extends CompileOptions {
  /** Id of the run in metrics; default "run". */
  runId?: string;
  /** Processing time in epoch ms; default Date.now. Event times never come from it. */
  clock?: () => number;
  /** Continue a run from a snapshot that checkpoint() returned (or the JSON of one). */
  restoreFrom?: RunSnapshot;
  /** Overrides settings.microBatch.maxEvents of the document. */
  maxEvents?: number;
  /** Overrides settings.microBatch.maxDelayMs of the document. */
  maxDelayMs?: number;
  /** Propagate watermarks only every N steps (and always at end of input); default 1. */
  watermarkEvery?: number;
  /** Called with a snapshot every settings.checkpointIntervalMs of processing time (0 = never). */
  onCheckpoint?: (snapshot: RunSnapshot) => void;
  /**
   * Progress for a watchdog on another thread (pass a Float64Array over a SharedArrayBuffer): cell 0
   * is the index in document.nodes of the node running now (-1 between steps), cell 1 the Date.now()
   * at which it took the thread. A node stuck on one batch leaves cell 1 behind.
   */
  progress?: Float64Array;
}

/** What a step did: moved data (call again soon), found nothing to do, or saw the end of every input. */
export type StepResult = 'progress' | 'idle' | 'finished';

/** A pipeline-level checkpoint, plain JSON (±Infinity watermarks are written as the strings "+Inf"/"-Inf"). */
export interface RunSnapshot {
  format: 'eventide-snapshot';
  version: 1;
  checkpointId: number;
  /** Processing time the barrier was taken at. */
  takenAt: number;
  pipeline: string;
  sources: Record<string, SourceSnapshot>;
  /** Operator state by node id (what Operator.snapshot() returned). */
  operators: Record<string, unknown>;
  /** What each sink's onCheckpoint returned. */
  sinks: Record<string, unknown>;
  /** Per node: the combined input watermark and the output watermark. */
  watermarks: Record<string, { input: number | string; output: number | string }>;
}

export interface SourceSnapshot {
  offset: unknown;
  ended: boolean;
  /** Events polled but not yet pushed into the graph (waiting for the micro-batch to fill). */
  pending: { events: Event[]; times: number[]; splits?: (string | null)[] };
}

export type BatchListener = (events: Event[], times: number[]) => void;

export interface TapOptions {
  /**
   * At most this many events per second of processing time reach the listener, drawn uniformly from
   * all events of that second (a reservoir per interval), handed out when the second ends; default 20.
   */
  maxEventsPerSec?: number;
  /** A CEL condition: only events for which it is true are sampled (an invalid one throws ExpressionError). */
  filter?: string;
}

export interface RunEnd {
  state: 'finished' | 'stopped' | 'failed';
  error?: string;
}

/** A pipeline compiled and ready to run, driven either by step() or by start(). */
export interface PipelineRun {
  readonly runId: string;
  readonly timeMode: 'event' | 'processing';
  /** Runs steps in the background (setTimeout/MessageChannel; never blocks the event loop). */
  start(): void;
  /** A push source got events: step soon instead of waiting out the idle delay. */
  wake(): void;
  /** Stops the background driver and closes the sinks; resolves `done` with state "stopped". */
  stop(): Promise<void>;
  /**
   * One round: polls every source, pushes the batches through the graph, fires processing-time
   * ticks, then propagates watermarks at the batch boundary. Synchronous.
   */
  step(): StepResult;
  /** Resolves when every bounded source ended and every window flushed, or the run stopped or failed. */
  readonly done: Promise<RunEnd>;
  onEnd(listener: (end: RunEnd) => void): void;
  metrics(): RunMetrics;
  /**
   * A node's input watermark now: null before the first one and for nodes without an event-time
   * watermark (ahead of assign-timestamps). Cheap, for observing a run between steps.
   */
  inputWatermark(nodeId: string): number | null;
  /** A checkpoint barrier between two steps (aligned by construction: see runtime/run.ts). */
  checkpoint(): RunSnapshot;
  /**
   * An operator's state as its snapshot would hold it, taken between two steps without a checkpoint
   * (no barrier, no sink commit): for inspectors. Undefined for a node that is not an operator.
   */
  operatorState(nodeId: string): unknown;
  /** Sampled events crossing an edge. Returns the unsubscribe function. */
  tap(edgeId: string, listener: BatchListener, options?: TapOptions): () => void;
  /**
   * Every event a node emits on an output port (e.g. "late", "error"). Returns the unsubscribe
   * function. A port without an edge may emit nothing unless compiled with watchesAllOutputs.
   */
  watchOutput(nodeId: string, port: string, listener: BatchListener): () => void;
  /** Every event arriving at a sink node. Returns the unsubscribe function. */
  watchSink(nodeId: string, listener: BatchListener): () => void;
  /** What the default collecting sinks hold, by sink node id (host-provided sinks are not listed). */
  collected(): Record<string, Event[]>;
}
