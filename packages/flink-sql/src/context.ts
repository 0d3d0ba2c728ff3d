import type { PipelineDocument } from '@eventide/shared';
import type { KindParams } from './params.js';
import { paramsAs } from './params.js';
import type { Column, Refusal, Relation } from './types.js';

export interface FlinkSqlOptions {
  /** Source node id -> JSON-lines file read instead of the source (the filesystem connector). */
  inputs?: Record<string, string>;
  /** Sink node id -> directory the sink's rows are written to as JSON lines (the filesystem connector). */
  outputs?: Record<string, string>;
  /** Only the sinks named in `outputs` are written (the others are left out): for local runs and tests. */
  outputsOnly?: boolean;
  /** Kafka bootstrap servers for dashboard result topics and Kafka nodes without their own. */
  kafkaBootstrapServers?: string;
  /** Names the result topics `eventide.<pipelineId>.<node>`; default: the document name as a slug. */
  pipelineId?: string;
  /** Overrides the document's checkpoint interval (the filesystem sink commits files on checkpoints). */
  checkpointIntervalMs?: number;
}

export interface FlinkSqlResult {
  /** The script: SET statements, CREATE TABLE / CREATE TEMPORARY VIEW per node, one statement set. */
  sql: string;
  /** What does not translate, by node and param path. A script with refusals must not be deployed. */
  refusals: Refusal[];
  /** Translated, but with a documented difference from the embedded engine. */
  warnings: Refusal[];
  /** Dashboard sink node id -> the Kafka topic its rows are written to. */
  resultTopics: Record<string, string>;
}

/** One statement of the script with the comment naming the node it came from. */
export interface Statement {
  node: string;
  sql: string;
}

/** What a node's translation sees and produces. */
export interface NodeContext {
  doc: PipelineDocument;
  options: FlinkSqlOptions;
  node: { id: string; kind: string };
  raw: Record<string, unknown>;
  params<K extends keyof KindParams>(kind: K): KindParams[K];
  /** The relation arriving on an input port (several edges: their UNION ALL), or undefined. */
  input(port?: string): Relation | undefined;
  /** Edges leaving an output port. */
  connected(port: string): boolean;
  output(port: string, relation: Relation): void;
  /** A CREATE statement (table or view). */
  create(sql: string): void;
  /** An INSERT of the final statement set. */
  insert(sql: string): void;
  setOption(key: string, value: string): void;
  refuse(path: string, reason: string, range?: { start: number; end: number }): void;
  warn(path: string, reason: string): void;
  /** The key set upstream by key-by, for windows without their own keyBy. */
  upstreamKey(): string[];
  /** Names the pipeline in result topics and Kafka transactional ids (options.pipelineId or the name's slug). */
  pipelineId: string;
  /** Result topic of a dashboard sink. */
  resultTopic(node: string): string;
}

export function makeParams(raw: Record<string, unknown>) {
  return <K extends keyof KindParams>(kind: K) => paramsAs(kind, raw);
}

export const columnNames = (cols: Column[]) => cols.map((c) => c.name);
