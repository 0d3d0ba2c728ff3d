import type { PreviewResult } from '@eventide/engine';
import type { PipelineDocument } from '@eventide/shared';

/** What the editor asks the preview worker: run this document on these samples. */
export interface PreviewRequest {
  seq: number;
  document: PipelineDocument;
  samples: Record<string, Record<string, unknown>[]>;
}

/** The worker's answer to request `seq`. */
export interface PreviewReply {
  seq: number;
  result: PreviewResult;
}

/** Events a generator produces in a preview, and rows kept per port: enough to read, fast to redo. */
export const PREVIEW_GENERATOR_EVENTS = 10_000;
export const PREVIEW_ROWS_PER_PORT = 500;
