/**
 * The REST contract between apps/server and its clients (apps/web, scripts): request and response
 * bodies and the error codes, declared once. The server's route schemas and the web client both
 * import from here, so neither can drift. The live websocket protocol is in live.ts.
 */
import type { PipelineDocument } from '../document/schema.js';
import type { StateFate } from '../document/state-carry-over.js';
import type { ValidationIssue } from '../validate/issues.js';
import type { RunMetrics } from './metrics.js';
import type { RunInfo } from './runs.js';

/**
 * Every error the server answers with, by stable code (clients branch on the code, never on the
 * message), with its HTTP status and a name for documentation and logs.
 */
export const API_ERRORS = {
  'bad-request': { status: 400, name: 'BadRequest' },
  'invalid-document': { status: 400, name: 'InvalidDocument' },
  'cannot-start': { status: 400, name: 'CannotStart' },
  'bad-event': { status: 400, name: 'BadEvent' },
  'invalid-params': { status: 400, name: 'InvalidParams' },
  'no-check': { status: 400, name: 'NoCheck' },
  'no-peek': { status: 400, name: 'NoPeek' },
  /** The pipeline does not translate to Flink SQL: issues name the nodes and params. */
  'cannot-deploy': { status: 400, name: 'CannotDeploy' },
  unauthorized: { status: 401, name: 'Unauthorized' },
  'bad-host': { status: 403, name: 'BadHost' },
  'bad-origin': { status: 403, name: 'BadOrigin' },
  'not-found': { status: 404, name: 'NotFound' },
  'not-running': { status: 404, name: 'NotRunning' },
  'not-ingesting': { status: 404, name: 'NotIngesting' },
  'already-running': { status: 409, name: 'AlreadyRunning' },
  'not-resumable': { status: 409, name: 'NotResumable' },
  'body-too-large': { status: 413, name: 'BodyTooLarge' },
  'unsupported-media-type': { status: 415, name: 'UnsupportedMediaType' },
  'queue-full': { status: 429, name: 'QueueFull' },
  /** The Flink cluster or SQL Gateway refused the job or did not answer: the message is Flink's. */
  'flink-error': { status: 502, name: 'FlinkError' },
  'rate-limited': { status: 429, name: 'RateLimited' },
  internal: { status: 500, name: 'Internal' },
  unavailable: { status: 503, name: 'Unavailable' },
} as const satisfies Record<string, { status: number; name: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;
export const API_ERROR_CODES: readonly string[] = Object.keys(API_ERRORS);

export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && Object.hasOwn(API_ERRORS, code);
}

/** The body of every error answer: `{ error, message, issues?, run?, retryAfterSec? }`. */
export interface ApiErrorBody {
  error: ApiErrorCode;
  /** For people: what went wrong and, where it helps, what to do. */
  message: string;
  /** invalid-document, cannot-start: each issue names the node or edge, the param path and the reason. */
  issues?: ValidationIssue[];
  /** already-running: the run that is in the way. */
  run?: RunInfo;
  /** queue-full, unavailable: when to try again. */
  retryAfterSec?: number;
  /** bad-event: the field path of the refused value ("v", "0.v" in an array body). */
  path?: string;
  /** bad-event in an NDJSON body: the refused event's 1-based line. */
  line?: number;
}

/** GET/POST/PUT /api/pipelines[/:id] (PUT and POST take `?message=` for the version they record) */
export interface StoredPipeline {
  id: string;
  document: PipelineDocument;
  /** Epoch ms of the last save. */
  updatedAt: number;
  /** The number of the version this document is (absent for a file saved before versions existed). */
  version?: number;
}

/** One recorded save of a pipeline. */
export interface PipelineVersionInfo {
  /** 1, 2, 3, ... in save order. */
  number: number;
  /** Epoch ms of the save. */
  savedAt: number;
  message?: string;
}

/** GET /api/pipelines/:id/versions, newest first */
export interface PipelineVersionList {
  versions: PipelineVersionInfo[];
}

/** GET /api/pipelines/:id/versions/:number (POST .../restore answers a StoredPipeline) */
export interface PipelineVersion extends PipelineVersionInfo {
  document: PipelineDocument;
}

/** GET /api/pipelines */
export interface PipelineSummary {
  id: string;
  name: string;
  updatedAt: number;
}
export interface PipelineList {
  pipelines: PipelineSummary[];
}

/** POST /api/pipelines/:id/start and /stop */
export interface RunResponse {
  run: RunInfo;
}

/**
 * POST /api/pipelines/:id/apply (body: the new document). With `?dryRun=true` it only answers the
 * plan: per stateful node, state kept, dropped (why) or new. Otherwise it saves the document as a
 * version and switches the running pipeline to it, keeping the state the plan keeps.
 */
export interface ApplyResponse {
  plan: StateFate[];
  /** The run of the new version (absent for a dry run). */
  run?: RunInfo;
  /** The version the applied document was saved as (absent for a dry run). */
  version?: number;
}

/** GET /api/runs */
export interface RunList {
  runs: RunInfo[];
}

/** GET /api/runs/:id */
export interface RunWithMetrics {
  run: RunInfo;
  metrics: RunMetrics;
}
