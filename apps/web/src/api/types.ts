/** The REST contract between apps/server and apps/web is declared once, in @eventide/shared. */
export type {
  ApiErrorBody,
  ApiErrorCode,
  ApplyResponse,
  PipelineList,
  PipelineSummary,
  PipelineVersion,
  PipelineVersionInfo,
  PipelineVersionList,
  RunInfo,
  RunList,
  RunResponse,
  RunWithMetrics,
  StoredPipeline,
} from '@eventide/shared';
