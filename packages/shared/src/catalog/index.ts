import { z } from 'zod';
import { assignTimestamps } from './kinds/assign-timestamps.js';
import { barChart } from './kinds/bar-chart.js';
import { consoleSink } from './kinds/console.js';
import { countWindow } from './kinds/count-window.js';
import { dedupe } from './kinds/dedupe.js';
import { eventLog } from './kinds/event-log.js';
import { fileReplay } from './kinds/file-replay.js';
import { fileSink } from './kinds/file-sink.js';
import { filter } from './kinds/filter.js';
import { generator } from './kinds/generator.js';
import { httpIngest } from './kinds/http-ingest.js';
import { intervalJoin } from './kinds/interval-join.js';
import { sinkKafka } from './kinds/kafka-sink.js';
import { sourceKafka } from './kinds/kafka-source.js';
import { keyBy } from './kinds/key-by.js';
import { lineChart } from './kinds/line-chart.js';
import { map } from './kinds/map.js';
import { microBatch } from './kinds/micro-batch.js';
import { pattern } from './kinds/pattern.js';
import { regularJoin } from './kinds/regular-join.js';
import { route } from './kinds/route.js';
import { runningAggregate } from './kinds/running-aggregate.js';
import { session } from './kinds/session.js';
import { sinkMqtt } from './kinds/sink-mqtt.js';
import { sinkPostgres } from './kinds/sink-postgres.js';
import { sliding } from './kinds/sliding.js';
import { sourceMqtt } from './kinds/source-mqtt.js';
import { stat } from './kinds/stat.js';
import { table } from './kinds/table.js';
import { topN } from './kinds/top-n.js';
import { tumbling } from './kinds/tumbling.js';
import { union } from './kinds/union.js';
import { webhook } from './kinds/webhook.js';
import { websocketIngest } from './kinds/websocket-ingest.js';
import { websocketOut } from './kinds/websocket-out.js';
import { windowJoin } from './kinds/window-join.js';
import type { InputPortSpec, NodeCategory, NodeKindSpec, OutputPortSpec } from './types.js';

/** Every node kind, in palette order; the tuple keeps each kind's id and params type. */
const KINDS = [
  generator,
  httpIngest,
  websocketIngest,
  fileReplay,
  sourceMqtt,
  sourceKafka,
  assignTimestamps,
  filter,
  map,
  keyBy,
  union,
  route,
  dedupe,
  microBatch,
  tumbling,
  sliding,
  session,
  countWindow,
  topN,
  runningAggregate,
  pattern,
  windowJoin,
  intervalJoin,
  regularJoin,
  lineChart,
  barChart,
  table,
  stat,
  eventLog,
  websocketOut,
  webhook,
  fileSink,
  sinkMqtt,
  sinkKafka,
  sinkPostgres,
  consoleSink,
] as const;

/** Every node kind, in palette order. */
export const NODE_KINDS: readonly NodeKindSpec[] = KINDS;

/** The declaration of one kind of the catalog, with its literal id and params schema. */
export type AnyKindSpec = (typeof KINDS)[number];
export type KindId = AnyKindSpec['kind'];
export type KindSpecOf<K extends KindId> = Extract<AnyKindSpec, { kind: K }>;
/** A kind's params as the catalog parses them (defaults filled): `KindParams<'window.tumbling'>`. */
export type KindParams<K extends KindId> = z.output<KindSpecOf<K>['params']>;

export const CATEGORIES: { id: NodeCategory; label: string }[] = [
  { id: 'source', label: 'Sources' },
  { id: 'time', label: 'Time' },
  { id: 'transform', label: 'Transforms' },
  { id: 'window', label: 'Windows' },
  { id: 'cep', label: 'Patterns' },
  { id: 'join', label: 'Joins' },
  { id: 'sink', label: 'Sinks' },
];

const byKind = new Map(NODE_KINDS.map((k) => [k.kind, k]));

export function isKindId(kind: string): kind is KindId {
  return byKind.has(kind);
}

/** The typed declaration of kind K. */
export function kindSpec<K extends KindId>(kind: K): KindSpecOf<K> {
  const spec = KINDS.find((k): k is KindSpecOf<K> => k.kind === kind);
  if (!spec) throw new Error(`unknown node kind "${kind}"`);
  return spec;
}

/**
 * Params of kind K parsed by K's own schema, defaults filled; on failure the zod issues. The one
 * place the catalog's types meet its values: TypeScript cannot follow a generic K through the
 * tuple's union, so the schema's output is named KindParams<K> here, where it is K's schema.
 */
export function parseKindParams<K extends KindId>(
  kind: K,
  params: unknown,
): z.ZodSafeParseResult<KindParams<K>> {
  const schema: z.ZodType = kindSpec(kind).params;
  return schema.safeParse(params ?? {}) as z.ZodSafeParseResult<KindParams<K>>;
}

export function getKind(kind: string): NodeKindSpec | undefined {
  return byKind.get(kind);
}

/** A kind's params with every default filled in. */
export function defaultParams(kind: string): Record<string, unknown> {
  const spec = byKind.get(kind);
  if (!spec) throw new Error(`unknown node kind "${kind}"`);
  return spec.params.parse({}) as Record<string, unknown>;
}

/** The params of a node newly placed in the editor: the kind's newNodeParams over its defaults. */
export function newNodeParams(kind: string): Record<string, unknown> {
  const spec = byKind.get(kind);
  if (!spec) throw new Error(`unknown node kind "${kind}"`);
  return spec.params.parse(spec.newNodeParams ?? {}) as Record<string, unknown>;
}

/** Params parsed with defaults; on failure the zod issues, for the validator to report. */
export function parseParams(kind: string, params: unknown) {
  const spec = byKind.get(kind);
  if (!spec) throw new Error(`unknown node kind "${kind}"`);
  return spec.params.safeParse(params ?? {});
}

export interface NodePorts {
  inputs: InputPortSpec[];
  outputs: OutputPortSpec[];
}

/** Ports of a node; params that do not parse fall back to the defaults' ports. */
export function portsOf(kind: string, params: unknown): NodePorts {
  const spec = byKind.get(kind);
  if (!spec) return { inputs: [], outputs: [] };
  const parsed = spec.params.safeParse(params ?? {});
  const p = parsed.success ? parsed.data : spec.params.parse({});
  return { inputs: spec.inputs(p), outputs: spec.outputs(p) };
}

/** The catalog as plain JSON, for GET /api/catalog and for clients that do not import this package. */
export function catalogJson() {
  return NODE_KINDS.map((k) => {
    const defaults = k.params.parse({});
    return {
      kind: k.kind,
      category: k.category,
      label: k.label,
      description: k.description,
      panel: k.panel ?? null,
      defaults,
      ...portsOf(k.kind, defaults),
      paramsSchema: z.toJSONSchema(k.params, { io: 'input', unrepresentable: 'any' }),
    };
  });
}
export type CatalogEntry = ReturnType<typeof catalogJson>[number];

export {
  GENERATOR_FIELDS,
  GENERATOR_PRESETS,
  type GeneratorPreset,
  NEXMARK_FIELDS,
} from './kinds/generator.js';
export { joinedFields } from './kinds/join-common.js';
export { brokerList } from './kinds/kafka-common.js';
export { type SinkKafkaParams, sinkKafkaParams } from './kinds/kafka-sink.js';
export { type SourceKafkaParams, sourceKafkaParams } from './kinds/kafka-source.js';
export { mqttQos, topicFilterProblem } from './kinds/mqtt-common.js';
export {
  PATTERN_EMIT,
  PATTERN_SUMMARY_FIELDS,
  type PatternStep,
  SKIP_EXPLAINED,
  SKIP_STRATEGIES,
} from './kinds/pattern.js';
export { type RegularJoinParams, regularJoinParams } from './kinds/regular-join.js';
export type { RunningAggregateParams } from './kinds/running-aggregate.js';
export { type SinkMqttParams, sinkMqttParams } from './kinds/sink-mqtt.js';
export { POSTGRES_COLUMN_TYPES, type SinkPostgresParams, sinkPostgresParams } from './kinds/sink-postgres.js';
export { type SourceMqttParams, sourceMqttParams } from './kinds/source-mqtt.js';
export { type TopNParams, topNParams } from './kinds/top-n.js';
export { AGGREGATE_FUNCTIONS, type AggregateFunction, type Aggregation } from './params.js';
export { migrateParams, paramsVersion, renameParam } from './params-migrations.js';
export type {
  ExpressionRef,
  FieldRef,
  InputPortSpec,
  NodeCategory,
  NodeKindSpec,
  OutputPortSpec,
  ParamsMigration,
  PortType,
  StreamInfo,
} from './types.js';
