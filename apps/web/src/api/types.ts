import type { PipelineDocument, RunMetrics, RunState, ValidationIssue } from '@eventide/shared';

/** The REST contract between apps/server and apps/web. */
export interface RunInfo {
  id: string;
  pipeline: string;
  state: RunState;
  startedAt: number;
  endedAt?: number;
  error?: string;
}

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
