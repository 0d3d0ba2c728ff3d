import type { PipelineDocument, RunInfo, RunMetrics, ValidationIssue } from '@eventide/shared';

/** The REST contract between apps/server and apps/web; RunInfo is declared in @eventide/shared. */
export type { RunInfo };

export interface StoredPipeline {
  id: string;
  document: PipelineDocument;
  updatedAt: number | string;
}

export interface PipelineSummary {
  id: string;
  name: string;
  updatedAt: number | string;
}

export interface RunWithMetrics {
  run: RunInfo;
  metrics: RunMetrics;
}

export interface ApiErrorBody {
  error: string;
  message: string;
  issues?: ValidationIssue[];
  run?: RunInfo;
}

/** GET /api/connectors: kinds the server can test and peek at. */
export interface ConnectorKind {
  kind: string;
  test: boolean;
  peek: boolean;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

export interface PeekedMessage {
  source: string;
  event?: Record<string, unknown>;
  error?: string;
  raw?: string;
  retained?: boolean;
}

export interface PeekResult extends ConnectionTestResult {
  messages: PeekedMessage[];
  fields: { name: string; type: 'number' | 'string' | 'boolean' | 'list' | 'map' | 'any' }[];
}
