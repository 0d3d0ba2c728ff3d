import type { FlinkTarget } from '@eventide/shared';
import { checkEndpoint } from './flink-http.js';

/** The target a deploy uses when it names none: the local services' ports (scripts/services/lib.sh). */
export function flinkTargetFromEnv(env: NodeJS.ProcessEnv = process.env): FlinkTarget {
  return {
    flinkUrl: env.EVENTIDE_FLINK || 'http://127.0.0.1:18081',
    gatewayUrl: env.EVENTIDE_FLINK_GATEWAY || 'http://127.0.0.1:18083',
    kafka: env.EVENTIDE_KAFKA || '127.0.0.1:19092',
  };
}

/** Fills a partial target from the defaults and checks both URLs (FlinkHttpError 400 names the bad one). */
export function resolveTarget(partial: Partial<FlinkTarget>, defaults: FlinkTarget): FlinkTarget {
  const kafka = (partial.kafka ?? defaults.kafka).trim();
  if (!/^[A-Za-z0-9.\-[\]:]+(,[A-Za-z0-9.\-[\]:]+)*$/.test(kafka))
    throw new Error(`kafka: "${kafka}" is not a list of host:port`);
  return {
    flinkUrl: checkEndpoint(partial.flinkUrl || defaults.flinkUrl, 'flinkUrl'),
    gatewayUrl: checkEndpoint(partial.gatewayUrl || defaults.gatewayUrl, 'gatewayUrl'),
    kafka,
  };
}
