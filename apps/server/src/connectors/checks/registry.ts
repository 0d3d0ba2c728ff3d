import { sinkMqttCheck, sourceMqttCheck } from '../mqtt/mqtt-check.js';
import { sinkPostgresCheck } from '../postgres/pg-check.js';
import { type BoundCheck, bindCheck } from './connector-check.js';

/**
 * Connector kinds with "Test connection" (and "Peek" where they read messages). A kind plugs in by
 * adding its entry here; the routes and the inspector need nothing else.
 */
export const CONNECTOR_CHECKS: ReadonlyMap<string, BoundCheck> = new Map([
  ['source.mqtt', bindCheck(sourceMqttCheck)],
  ['sink.mqtt', bindCheck(sinkMqttCheck)],
  ['sink.postgres', bindCheck(sinkPostgresCheck)],
]);
