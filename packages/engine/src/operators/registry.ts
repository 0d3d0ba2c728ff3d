import { typedNode } from '../compiler/typed-node.js';
import type { KindOperatorFactory, Operator, OperatorNode } from '../runtime/operator.js';
import { cepOperators } from './cep/index.js';
import { joinOperators } from './join/index.js';
import { assignTimestampsOperator } from './time/assign-timestamps.js';
import { dedupeOperator } from './transform/dedupe.js';
import { filterStage } from './transform/filter.js';
import { keyByStage } from './transform/key-by.js';
import { mapStage } from './transform/map.js';
import { microBatchOperator } from './transform/micro-batch.js';
import { routeOperator } from './transform/route.js';
import { type StageFactory, stageOperator } from './transform/stage.js';
import { unionOperator } from './transform/union.js';
import { windowOperators } from './window/index.js';

type StageKind = 'transform.filter' | 'transform.map' | 'transform.key-by';

/** Stateless one-in-one-out kinds: the compiler fuses chains of them into one loop. */
export const STAGES: { [K in StageKind]: StageFactory<K> } = {
  'transform.filter': filterStage,
  'transform.map': mapStage,
  'transform.key-by': keyByStage,
};

/** Kinds the engine runs as operators (sources and sinks aside). */
export type OperatorKind =
  | StageKind
  | 'time.assign-timestamps'
  | 'transform.union'
  | 'transform.route'
  | 'transform.dedupe'
  | 'transform.micro-batch'
  | keyof typeof windowOperators
  | keyof typeof joinOperators
  | keyof typeof cepOperators;

/** Every operator kind the engine implements; each factory receives its kind's typed params. */
export const OPERATORS: { [K in OperatorKind]: KindOperatorFactory<K> } = {
  'transform.filter': (node) => stageOperator(filterStage(node)),
  'transform.map': (node) => stageOperator(mapStage(node)),
  'transform.key-by': (node) => stageOperator(keyByStage(node)),
  'time.assign-timestamps': assignTimestampsOperator,
  'transform.union': unionOperator,
  'transform.route': routeOperator,
  'transform.dedupe': dedupeOperator,
  'transform.micro-batch': microBatchOperator,
  ...windowOperators,
  ...joinOperators,
  ...cepOperators,
};

export function isOperatorKind(kind: string): kind is OperatorKind {
  return Object.hasOwn(OPERATORS, kind);
}

export function isStageKind(kind: string): kind is StageKind {
  return Object.hasOwn(STAGES, kind);
}

/** The operator of a node of kind K, its params parsed by K's catalog schema. */
export function createOperator<K extends OperatorKind>(kind: K, node: OperatorNode<unknown>): Operator {
  return OPERATORS[kind](typedNode(kind, node));
}

/** The fusable stage of a node of a stateless kind K. */
export function createStage<K extends StageKind>(kind: K, node: OperatorNode<unknown>) {
  return STAGES[kind](typedNode(kind, node));
}

/** Source kinds the engine implements itself. */
export const ENGINE_SOURCES = ['source.generator'] as const;

/**
 * Kinds whose implementation needs the host (files, sockets, HTTP): the host passes them in
 * CompileOptions.sources / sinks. A sink kind the host does not provide collects its input in memory.
 */
export const HOST_PROVIDED_KINDS = [
  'source.http-ingest',
  'source.websocket-ingest',
  'source.file-replay',
  'source.mqtt',
  'source.kafka',
  'sink.line-chart',
  'sink.bar-chart',
  'sink.table',
  'sink.stat',
  'sink.event-log',
  'sink.websocket-out',
  'sink.webhook',
  'sink.file',
  'sink.console',
  'sink.mqtt',
  'sink.kafka',
  'sink.postgres',
] as const;
