import type { OperatorFactory } from '../runtime/operator.js';
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

/** Stateless one-in-one-out kinds: the compiler fuses chains of them into one loop. */
export const STAGES: Record<string, StageFactory> = {
  'transform.filter': filterStage,
  'transform.map': mapStage,
  'transform.key-by': keyByStage,
};

/** Every operator kind the engine implements. */
export const OPERATORS: Record<string, OperatorFactory> = {
  ...Object.fromEntries(
    Object.entries(STAGES).map(([kind, stage]): [string, OperatorFactory] => [
      kind,
      (node) => stageOperator(stage(node)),
    ]),
  ),
  'time.assign-timestamps': assignTimestampsOperator,
  'transform.union': unionOperator,
  'transform.route': routeOperator,
  'transform.dedupe': dedupeOperator,
  'transform.micro-batch': microBatchOperator,
  ...windowOperators,
  ...joinOperators,
  ...cepOperators,
};

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
