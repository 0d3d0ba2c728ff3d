import type { RunState } from './metrics.js';

/** A run as the REST API shows it (apps/server answers with it, apps/web reads it). */
export interface RunInfo {
  id: string;
  pipeline: string;
  state: RunState;
  startedAt: number;
  endedAt?: number;
  error?: string;
  /** Trouble the run survived (a damaged checkpoint skipped, a checkpoint write that failed), latest last. */
  warnings?: string[];
}
