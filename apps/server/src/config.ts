import path from 'node:path';
import type { FlinkTarget } from '@eventide/shared';
import { flinkTargetFromEnv } from './flink/target.js';
import type { MessageRateLimits } from './security/message-rate.js';

/** Everything the server needs to start, resolved from options and the environment. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Root of pipelines, runs, checkpoints and every file a pipeline reads or writes. */
  dataDir: string;
  /** Required for any non-loopback bind; then every request needs it. */
  token: string | undefined;
  /** Webhooks may target private, loopback and link-local addresses (EVENTIDE_ALLOW_PRIVATE_WEBHOOKS=1). */
  allowPrivateWebhooks: boolean;
  /** Extra Host names accepted beside the bound address (EVENTIDE_ALLOWED_HOSTS, comma separated). */
  allowedHosts: string[];
  /** Built web app served at `/`; a placeholder page when it does not exist. */
  webDist: string;
  /** Body limit of every route but ingest, bytes. */
  bodyLimit: number;
  /** Body limit of POST /api/ingest, bytes. */
  ingestBodyLimit: number;
  /** Resume runs that were running when the server last stopped. */
  resumeRuns: boolean;
  /** Largest websocket message (/api/live and websocket ingest); bigger ones close the socket with 1009. */
  wsMaxPayload: number;
  /** Messages per second per /api/live connection, and per websocket ingest connection. */
  liveMessageRate: MessageRateLimits;
  ingestMessageRate: MessageRateLimits;
  /** Interval of metrics pushes to websocket subscribers. */
  metricsIntervalMs: number;
  logger: boolean;
  /** Where a deploy goes when the request names no target (EVENTIDE_FLINK, EVENTIDE_FLINK_GATEWAY, EVENTIDE_KAFKA). */
  flink?: FlinkTarget;
}

export const DEFAULT_PORT = 4800;

export function configFromEnv(env: NodeJS.ProcessEnv, cwd: string): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? DEFAULT_PORT : Number(env.PORT);
  return {
    host: env.HOST || '127.0.0.1',
    port,
    dataDir: path.resolve(cwd, env.EVENTIDE_DATA || './data'),
    token: env.EVENTIDE_TOKEN || undefined,
    allowPrivateWebhooks: env.EVENTIDE_ALLOW_PRIVATE_WEBHOOKS === '1',
    allowedHosts: (env.EVENTIDE_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    webDist: path.resolve(import.meta.dirname, '../../web/dist'),
    bodyLimit: 1024 * 1024,
    ingestBodyLimit: 8 * 1024 * 1024,
    wsMaxPayload: 1024 * 1024,
    // a browser subscribes a few topics a second at most; an ingest client batches events per message
    liveMessageRate: { perSecond: 100, graceMs: 2000 },
    ingestMessageRate: { perSecond: 1000, graceMs: 2000 },
    resumeRuns: true,
    metricsIntervalMs: 1000,
    logger: env.EVENTIDE_LOG !== '0',
    flink: flinkTargetFromEnv(env),
  };
}

/** A config for tests and embedding: loopback, an ephemeral port, no resume surprises. */
export function makeConfig(overrides: Partial<ServerConfig> & { dataDir: string }): ServerConfig {
  return {
    ...configFromEnv({}, process.cwd()),
    port: 0,
    logger: false,
    ...overrides,
  };
}
