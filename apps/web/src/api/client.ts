import type {
  ConnectionTestResult,
  ConnectorKindInfo,
  PeekResponse,
  PipelineDocument,
} from '@eventide/shared';
import type { ApiErrorBody, PipelineSummary, RunInfo, RunWithMetrics, StoredPipeline } from './types';

/** A failed request with the server's reason (and validation issues, when it gave them). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message || body.error || `HTTP ${status}`);
  }
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
    const b = (json ?? {}) as Partial<ApiErrorBody>;
    throw new ApiError(res.status, {
      ...b,
      error: b.error ?? `http-${res.status}`,
      message: b.message ?? (text.slice(0, 200) || res.statusText),
    });
  }
  return json as T;
}

export const api = {
  listPipelines: () => request<{ pipelines: PipelineSummary[] }>('GET', '/api/pipelines'),
  getPipeline: (id: string) => request<StoredPipeline>('GET', `/api/pipelines/${encodeURIComponent(id)}`),
  createPipeline: (doc: PipelineDocument) => request<StoredPipeline>('POST', '/api/pipelines', doc),
  savePipeline: (id: string, doc: PipelineDocument) =>
    request<StoredPipeline>('PUT', `/api/pipelines/${encodeURIComponent(id)}`, doc),
  start: (id: string) => request<{ run: RunInfo }>('POST', `/api/pipelines/${encodeURIComponent(id)}/start`),
  stop: (id: string) => request<{ run: RunInfo }>('POST', `/api/pipelines/${encodeURIComponent(id)}/stop`),
  listRuns: () => request<{ runs: RunInfo[] }>('GET', '/api/runs'),
  getRun: (id: string) => request<RunWithMetrics>('GET', `/api/runs/${encodeURIComponent(id)}`),
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
