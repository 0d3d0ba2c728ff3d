import type { PipelineTestResult } from '@eventide/engine';
import type { PipelineDocument, PipelineTestInput } from '@eventide/shared';
import { create } from 'zustand';

/** A test made from the preview, shown for review before it is saved into the document. */
export interface TestForReview {
  test: PipelineTestInput;
  /** Where each source's input came from ("pasted", "the first 200 generated events"). */
  origins: Record<string, string>;
}

export interface TestState {
  /** The tests panel under the canvas is open. */
  open: boolean;
  running: boolean;
  results: PipelineTestResult[] | null;
  /** The document the results are for: an edit makes them stale. */
  resultsFor: PipelineDocument | null;
  review: TestForReview | null;
  setOpen: (open: boolean) => void;
  setRunning: () => void;
  setResults: (results: PipelineTestResult[], doc: PipelineDocument) => void;
  setReview: (review: TestForReview | null) => void;
}

export const useTestStore = create<TestState>()((set) => ({
  open: false,
  running: false,
  results: null,
  resultsFor: null,
  review: null,
  setOpen: (open) => set({ open }),
  setRunning: () => set({ running: true, open: true }),
  setResults: (results, resultsFor) => set({ running: false, results, resultsFor }),
  setReview: (review) => set({ review }),
}));

/** A node's verdict in the latest test run: failed when any test's expectation on it failed. */
export function nodeTestStatus(
  results: PipelineTestResult[] | null,
  nodeId: string,
): 'passed' | 'failed' | undefined {
  if (!results) return undefined;
  let seen = false;
  for (const r of results)
    for (const o of r.outputs) {
      if (o.target !== nodeId && !o.target.startsWith(`${nodeId}.`)) continue;
      if (!o.diff.passed) return 'failed';
      seen = true;
    }
  return seen ? 'passed' : undefined;
}
