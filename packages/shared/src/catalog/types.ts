import type { z } from 'zod';
import type { FieldSchema } from '../expr/field-schema.js';

export type NodeCategory = 'source' | 'time' | 'transform' | 'window' | 'cep' | 'join' | 'sink';

/** What flows on a port: single events, or arrays of events made by a micro-batch node. */
export type PortType = 'events' | 'batches';

export interface InputPortSpec {
  id: string;
  label: string;
  /** Port types this input accepts. */
  accepts: PortType[];
  /** Several edges may end here (their streams are merged). */
  multiple?: boolean;
  /** A run refuses to start while this port has no edge. */
  required: boolean;
}

export interface OutputPortSpec {
  id: string;
  label: string;
  type: PortType;
  /** main: the node's results; late, error and timeout carry what the node could not place. */
  role: 'main' | 'late' | 'error' | 'timeout';
}

/** What the validator and the editor know about a stream flowing on an edge. */
export interface StreamInfo {
  schema: FieldSchema;
  /** Fields the stream is keyed by (set by key-by), or null for a non-keyed stream. */
  key: string[] | null;
  /** True when an upstream assign-timestamps gave the events an event time. */
  eventTime: boolean;
}

/** A CEL expression inside a node's params, for validation and editor support. */
export interface ExpressionRef {
  /** Param path, e.g. "condition" or "fields.2.expr". */
  path: string;
  source: string;
  /** The input port whose stream supplies the fields in scope. */
  inputPort: string;
  /** Extra variables in scope beside the event fields (e.g. CEP step names). */
  variables?: Record<string, import('../expr/field-schema.js').FieldType>;
  /** The result type the node needs (e.g. boolean for a condition). */
  expect?: import('../expr/field-schema.js').FieldType;
}

/** A reference to a field name inside params, checked against the inferred input schema. */
export interface FieldRef {
  path: string;
  field: string;
  inputPort: string;
}

/**
 * Upgrades a kind's params from one version to the next (tldraw-style per-shape migrations): the
 * only place that knows the old shape. Each migration sits beside its kind, with a test.
 */
export interface ParamsMigration {
  /** The params version this step produces (2 for the first migration). */
  to: number;
  /** Why the shape changed, for the changelog and the reader of an old document. */
  why: string;
  up(params: Record<string, unknown>): Record<string, unknown>;
}

/**
 * A node kind. `P` is its params schema and `K` its id, so `KindParams<'window.tumbling'>` is the
 * parsed params type. Callbacks are methods (checked bivariantly), so a `NodeKindSpec<P, K>` is a
 * `NodeKindSpec` without a cast and the catalog can hold every kind in one list.
 */
export interface NodeKindSpec<P extends z.ZodType = z.ZodType, K extends string = string> {
  kind: K;
  category: NodeCategory;
  label: string;
  description: string;
  params: P;
  /**
   * Params a node placed in the editor starts with, over the schema's defaults. The defaults stay
   * what documents that omit a param have always meant; this is what a new node should mean.
   */
  newNodeParams?: z.input<P>;
  /** Migrations of older params shapes, oldest first; the params version is 1 + their count. */
  paramsMigrations?: readonly ParamsMigration[];
  inputs(params: z.output<P>): InputPortSpec[];
  outputs(params: z.output<P>): OutputPortSpec[];
  /** Output stream per output port id, given the input stream per input port id. */
  inferOutputs(params: z.output<P>, inputs: Record<string, StreamInfo>): Record<string, StreamInfo>;
  expressions?(params: z.output<P>): ExpressionRef[];
  fieldRefs?(params: z.output<P>): FieldRef[];
  /** Event-time operators: true unless the params choose processing time. */
  needsEventTime?(params: z.output<P>): boolean;
  /** Dashboard sinks render as panels on the dashboard view. */
  panel?: 'line-chart' | 'bar-chart' | 'table' | 'stat' | 'event-log';
}

/** Declares a kind, keeping its id and params type, so each kind file stays type-checked. */
export function defineKind<P extends z.ZodType, const K extends string>(
  spec: NodeKindSpec<P, K>,
): NodeKindSpec<P, K> {
  return spec;
}
