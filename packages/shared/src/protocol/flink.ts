import type { ConnectorStatus } from './metrics.js';

/**
 * Pipelines deployed to a Flink session cluster (apps/server answers with these, apps/web and the
 * CLI read them). A deployment is one Flink job; its dashboard sinks write Kafka result topics that
 * the server reads into the live topics of the deployment's id, as a run's sinks do.
 */

/** A Flink job's state in Eventide's words (Flink's own name is kept in `flinkState`). */
export type FlinkJobState =
  | 'created'
  | 'running'
  | 'restarting'
  | 'failed'
  | 'cancelling'
  | 'cancelled'
  | 'finished';

export const FLINK_JOB_STATES: readonly FlinkJobState[] = [
  'created',
  'running',
  'restarting',
  'failed',
  'cancelling',
  'cancelled',
  'finished',
];

/** States a job never leaves. */
export function isFinalJobState(state: FlinkJobState): boolean {
  return state === 'failed' || state === 'cancelled' || state === 'finished';
}

/** Where a pipeline is deployed: the cluster's REST endpoint and the SQL Gateway that submits to it. */
export interface FlinkTarget {
  /** The JobManager's REST endpoint (job status, cancel), e.g. http://127.0.0.1:18081. */
  flinkUrl: string;
  /** The SQL Gateway's REST endpoint (statement submission), e.g. http://127.0.0.1:18083. */
  gatewayUrl: string;
  /** Kafka bootstrap servers of the result topics (the job writes them, the server reads them). */
  kafka: string;
}

export interface FlinkDeployment {
  /** The Flink job id: also the "run" of the live sink topics of its dashboards. */
  id: string;
  pipeline: string;
  /** The Flink job name (pipeline.name). */
  name: string;
  target: FlinkTarget;
  state: FlinkJobState;
  /** Flink's own state name (RUNNING, RESTARTING, ...). */
  flinkState: string;
  /** Failed or restarting: Flink's latest exception, its first line. */
  error?: string;
  /** Dashboard sink node id -> the Kafka result topic the job writes. */
  resultTopics: Record<string, string>;
  deployedAt: number;
  endedAt?: number;
  /** Per dashboard sink: the server's reader of its result topic. */
  dashboards: Record<string, DashboardFeed>;
  /** The status could not be read from the cluster just now (the state is the last one seen). */
  unreachable?: string;
}

/** GET /api/flink: the target a deploy uses when the request names none. */
export interface FlinkDefaults {
  target: FlinkTarget;
}

/** POST /api/pipelines/:id/deploy (body: a partial FlinkTarget) */
export interface DeployResponse {
  deployment: FlinkDeployment;
  /** The script that was submitted. */
  sql: string;
  /** Translated with a documented difference from the embedded engine. */
  warnings: { node: string; path: string; reason: string }[];
}

/** GET /api/deployments[?pipeline=ID], newest first */
export interface DeploymentList {
  deployments: FlinkDeployment[];
}

/** GET /api/deployments/:id and POST /api/deployments/:id/cancel */
export interface DeploymentResponse {
  deployment: FlinkDeployment;
}

/** How the server reads one result topic into a dashboard panel. */
export interface DashboardFeed {
  topic: string;
  status: ConnectorStatus;
  /** Rows read and published to the panel. */
  received: number;
  /** Messages that were not a JSON object (counted, not shown). */
  malformed: number;
}
