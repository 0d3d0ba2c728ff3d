import type { ParallelPlan } from '@eventide/engine';
import type { PipelineEdge } from '@eventide/shared';

/**
 * Where a tap of `edge` samples in a parallel run: at a node of the edge that runs once (a cut edge
 * is in both stages; every event passes the single side), so one thread sees every event. An edge
 * between two nodes that both run as N instances has no such place: null.
 */
export function tapNode(plan: ParallelPlan, edge: Pick<PipelineEdge, 'source' | 'target'>): string | null {
  const once = (node: string) => plan.stages.some((s) => s.parallelism === 1 && s.nodes.includes(node));
  if (once(edge.source)) return edge.source;
  if (once(edge.target)) return edge.target;
  return null;
}

/** Why an edge of a parallel run cannot be tapped (null when it can). */
export function tapProblem(plan: ParallelPlan, edge: PipelineEdge): string | null {
  if (tapNode(plan, edge) !== null) return null;
  return `edge ${edge.id} runs as ${plan.parallelism} instances on ${plan.parallelism} threads (settings.parallelism): in a parallel run, taps sample edges with an end that runs once (sources, sinks, unkeyed nodes)`;
}
