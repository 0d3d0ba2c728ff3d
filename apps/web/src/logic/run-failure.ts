import type { ValidationIssue } from '@eventide/shared';

/**
 * The node a failed run's error names ("node w: spent 10.2 s on one batch ...", "node w
 * (transform.map) failed: ..."), as an issue for that node's badge on the canvas.
 */
export function runFailureIssue(
  run: { state: string; error?: string } | null,
  nodeIds: readonly string[],
): ValidationIssue | undefined {
  if (run?.state !== 'failed' || !run.error) return undefined;
  const named = /^node ([A-Za-z0-9][A-Za-z0-9_-]*)[: ]/.exec(run.error)?.[1];
  if (named === undefined || !nodeIds.includes(named)) return undefined;
  return { severity: 'error', node: named, path: '', message: `run failed: ${run.error}` };
}
