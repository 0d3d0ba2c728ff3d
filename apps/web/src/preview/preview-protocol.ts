import type { PipelineTestResult, PreviewResult } from '@eventide/engine';
import type { PipelineDocument } from '@eventide/shared';

type Events = Record<string, Record<string, unknown>[]>;

/**
 * What the editor asks the engine worker: a preview of the document on samples (`rowsPerPort`
 * rows kept per port), or a run of the tests the document carries.
 */
export type WorkerRequest =
  | {
      seq: number;
      type: 'preview';
      document: PipelineDocument;
      samples: Events;
      rowsPerPort: number;
      /**
       * Nodes an inspector shows: only they keep input rows and (patterns) their state; the others
       * only their output rows. Absent: every node (a preview kept whole, for a test).
       */
      inspect?: string[];
    }
  | { seq: number; type: 'tests'; document: PipelineDocument };

/** The worker's answer to request `seq`. */
export type WorkerReply =
  | { seq: number; type: 'preview'; result: PreviewResult }
  | { seq: number; type: 'tests'; results: PipelineTestResult[] };

/** Events a generator produces in a preview, and rows kept per port: enough to read, fast to redo. */
export const PREVIEW_GENERATOR_EVENTS = 10_000;
export const PREVIEW_ROWS_PER_PORT = 500;
/** Input rows kept per node for the event-time inspector's chart: more dots, still cheap to send. */
export const PREVIEW_INPUT_ROWS = 2000;
