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
