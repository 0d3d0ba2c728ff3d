import { type ParallelPlan, planParallel, resolveParallelism } from '@eventide/engine';
import type { PipelineDocument, PipelineEdge } from '@eventide/shared';

/**
 * What of a parallel run can be observed from one thread: a node that runs once (sources, sinks,
 * unkeyed nodes; in the run's worker) can be tapped and inspected there; one that runs as N
 * instances has its events and state spread over N threads.
 */
export function runsOnce(plan: ParallelPlan, node: string): boolean {
  return plan.stages.some((s) => s.parallelism === 1 && s.nodes.includes(node));
}

/**
 * Where a tap of `edge` samples: at an end of the edge that runs once (a cut edge is in both
 * stages; every event passes the single side). An edge whose two ends run as N instances: null.
 */
export function tapNode(plan: ParallelPlan, edge: Pick<PipelineEdge, 'source' | 'target'>): string | null {
  if (runsOnce(plan, edge.source)) return edge.source;
  if (runsOnce(plan, edge.target)) return edge.target;
  return null;
}

/** Why an edge of a parallel run cannot be tapped (null when it can). */
export function tapProblem(plan: ParallelPlan, edge: PipelineEdge): string | null {
  if (tapNode(plan, edge) !== null) return null;
  return `edge ${edge.id} runs as ${plan.parallelism} instances on ${plan.parallelism} threads (settings.parallelism): in a parallel run, taps sample edges with an end that runs once (sources, sinks, unkeyed nodes)`;
}

/** Why a node's live state cannot be inspected in a parallel run (null when it can). */
export function stateProblem(plan: ParallelPlan, node: string): string | null {
  if (runsOnce(plan, node)) return null;
  return `node ${node} runs as ${plan.parallelism} instances on ${plan.parallelism} threads (settings.parallelism): its live state cannot be inspected in a parallel run yet`;
}

/** The plan of a document's parallel run on this host, or null when it runs as one instance. */
export function parallelPlanOf(document: PipelineDocument, cores: number): ParallelPlan | null {
  const parallelism = resolveParallelism(document, cores);
  return parallelism > 1 ? planParallel(document, parallelism) : null;
}
