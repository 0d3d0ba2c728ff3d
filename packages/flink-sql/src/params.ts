import type {
  Aggregation,
  PatternStep,
  RegularJoinParams,
  RunningAggregateParams,
  SinkKafkaParams,
  SourceKafkaParams,
  TopNParams,
} from '@eventide/shared';

/**
 * The params of the kinds the compiler translates, as the catalog's zod schemas parse them (defaults
 * filled). validateDocument has already parsed each node's params with its kind's schema, so these
 * shapes hold for every node the compiler sees.
 */
export interface KindParams {
  'source.generator': {
    preset: 'sensors' | 'logins' | 'clicks' | 'trades' | 'nexmark';
    ratePerSec: number;
    keyCardinality: number;
    seed: number;
    limit: number;
    startTime: number;
    failureRate: number;
  };
  'source.file-replay': { path: string; format: 'jsonl' | 'csv' };
  'source.kafka': SourceKafkaParams;
  'time.assign-timestamps': { timestamp: string; maxOutOfOrdernessMs: number; idleTimeoutMs: number };
  'transform.filter': { condition: string };
  'transform.map': { fields: { name: string; expr: string }[]; keepInput: boolean };
  'transform.key-by': { fields: string[] };
  'transform.route': { routes: { port: string; condition: string }[]; mode: 'first' | 'all' };
  window: {
    sizeMs: number;
    slideMs: number;
    offsetMs: number;
    gapMs: number;
    dynamicGap?: string;
    keyBy: string[];
    aggregations: Aggregation[];
    allowedLatenessMs: number;
    earlyFireMs: number;
    timeMode: 'event' | 'processing';
  };
  'window.top-n': TopNParams;
  'window.running': RunningAggregateParams;
  'cep.pattern': {
    steps: PatternStep[];
    withinMs: number;
    key: string;
    skip: {
      strategy: 'noSkip' | 'skipToNext' | 'skipPastLastEvent' | 'skipToFirst' | 'skipToLast';
      step?: string;
    };
    output: { name: string; expr: string }[];
    emit: 'steps' | 'summary';
    timeMode: 'event' | 'processing';
  };
  join: {
    leftKey: string[];
    rightKey: string[];
    sizeMs: number;
    lowerBoundMs: number;
    upperBoundMs: number;
    timeMode: 'event' | 'processing';
  };
  'join.regular': RegularJoinParams;
  'sink.file': { path: string };
  'sink.kafka': SinkKafkaParams;
}

/** Typed view of validated params (see KindParams for why the shape holds). */
export function paramsAs<K extends keyof KindParams>(
  _kind: K,
  params: Record<string, unknown>,
): KindParams[K] {
  return params as unknown as KindParams[K];
}
