import type { RunState } from '@eventide/shared';

/** A run as the REST API shows it. */
export interface RunInfo {
  id: string;
  pipeline: string;
  state: RunState;
  startedAt: number;
  endedAt?: number;
  error?: string;
}
