import {
  type ApiErrorBody,
  type ConnectionTestResult,
  type ConnectorKindInfo,
  type DeploymentList,
  type DeploymentResponse,
  type DeployResponse,
  type FlinkDefaults,
  type FlinkTarget,
  isApiErrorCode,
  type LiveCepState,
  type PeekResponse,
  type PipelineDocument,
} from '@eventide/shared';
import type {
  ApplyResponse,
  PipelineList,
  PipelineVersion,
  PipelineVersionList,
  RunList,
  RunResponse,
  RunWithMetrics,
  StoredPipeline,
} from './types';

/**
 * What a failed request says: the server's error body (its code from the shared contract), or
 * `offline` when the server could not be reached, or `unexpected-response` when the answer was not
 * an error body of the contract (a proxy's page, say).
 */
export type ClientErrorBody = Omit<ApiErrorBody, 'error'> & {
  error: ApiErrorBody['error'] | 'offline' | 'unexpected-response';
};

/** A failed request with the server's reason (and validation issues, when it gave them). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ClientErrorBody,
  ) {
    super(body.message || body.error || `HTTP ${status}`);
  }
}

/** The error body of the contract, when `json` is one. */
export function apiErrorBody(json: unknown): ApiErrorBody | null {
  if (typeof json !== 'object' || json === null || !('error' in json) || !('message' in json)) return null;
  const { error, message } = json;
  if (!isApiErrorCode(error) || typeof message !== 'string') return null;
  return { ...json, error, message };
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, {
      error: 'offline',
      message: 'cannot reach the Eventide server; is `pnpm eventide serve` running?',
    });
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    throw new ApiError(
      res.status,
      apiErrorBody(json) ?? {
        error: 'unexpected-response',
        message: `HTTP ${res.status}: ${text.slice(0, 200) || res.statusText}`,
      },
    );
  }
  return json as T;
}

export const api = {
  listPipelines: () => request<PipelineList>('GET', '/api/pipelines'),
  getPipeline: (id: string) => request<StoredPipeline>('GET', `/api/pipelines/${encodeURIComponent(id)}`),
  createPipeline: (doc: PipelineDocument) => request<StoredPipeline>('POST', '/api/pipelines', doc),
  savePipeline: (id: string, doc: PipelineDocument) =>
    request<StoredPipeline>('PUT', `/api/pipelines/${encodeURIComponent(id)}`, doc),
  applyPlan: (id: string, doc: PipelineDocument) =>
    request<ApplyResponse>('POST', `/api/pipelines/${encodeURIComponent(id)}/apply?dryRun=true`, doc),
  apply: (id: string, doc: PipelineDocument) =>
    request<ApplyResponse>('POST', `/api/pipelines/${encodeURIComponent(id)}/apply`, doc),
  listVersions: (id: string) =>
    request<PipelineVersionList>('GET', `/api/pipelines/${encodeURIComponent(id)}/versions`),
  getVersion: (id: string, n: number) =>
    request<PipelineVersion>('GET', `/api/pipelines/${encodeURIComponent(id)}/versions/${n}`),
  restoreVersion: (id: string, n: number) =>
    request<StoredPipeline>('POST', `/api/pipelines/${encodeURIComponent(id)}/versions/${n}/restore`),
  start: (id: string) => request<RunResponse>('POST', `/api/pipelines/${encodeURIComponent(id)}/start`),
  stop: (id: string) => request<RunResponse>('POST', `/api/pipelines/${encodeURIComponent(id)}/stop`),
  listRuns: () => request<RunList>('GET', '/api/runs'),
  getRun: (id: string) => request<RunWithMetrics>('GET', `/api/runs/${encodeURIComponent(id)}`),
  cepState: (run: string, node: string) =>
    request<LiveCepState>(
      'GET',
      `/api/runs/${encodeURIComponent(run)}/nodes/${encodeURIComponent(node)}/cep-state`,
    ),
  flinkDefaults: () => request<FlinkDefaults>('GET', '/api/flink'),
  deploy: (id: string, target: FlinkTarget) =>
    request<DeployResponse>('POST', `/api/pipelines/${encodeURIComponent(id)}/deploy`, target),
  deployments: (pipeline: string) =>
    request<DeploymentList>('GET', `/api/deployments?pipeline=${encodeURIComponent(pipeline)}`),
  deployment: (id: string) =>
    request<DeploymentResponse>('GET', `/api/deployments/${encodeURIComponent(id)}`),
  cancelDeployment: (id: string) =>
    request<DeploymentResponse>('POST', `/api/deployments/${encodeURIComponent(id)}/cancel`),
  connectorKinds: () => request<{ kinds: ConnectorKindInfo[] }>('GET', '/api/connectors'),
  testConnection: (node: string, kind: string, params: Record<string, unknown>) =>
    request<ConnectionTestResult>('POST', '/api/connectors/test', { node, kind, params }),
  peek: (node: string, kind: string, params: Record<string, unknown>) =>
    request<PeekResponse>('POST', '/api/connectors/peek', {
      node,
      kind,
      params,
      maxMessages: 20,
      waitMs: 2000,
    }),
};
