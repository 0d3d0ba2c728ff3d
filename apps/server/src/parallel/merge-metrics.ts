import type { ParallelPlan } from '@eventide/engine';
import type { NodeMetrics, RunMetrics } from '@eventide/shared';
import type { InstanceMetrics } from './worker-host.js';

/**
 * One node's and one edge's metrics over every instance of a parallel run, as a single run reports
 * them: counts, rates, state sizes summed (a keyed node's `in` is its total over instances); the
 * watermark the least of the instances' (the node is complete up to there; none while an instance has
 * none yet); latency the worst.
 * Exchange nodes (the cut edges' ends) are left out; an edge counts at its sending side only (a cut
 * edge is in both stages). `instances` says how many instances a node runs as, when more than one.
 */
export function mergeInstanceMetrics(
  plan: ParallelPlan,
  parts: readonly InstanceMetrics[],
): Pick<RunMetrics, 'nodes' | 'edges'> {
  const stageNodes = new Map(plan.stages.map((s) => [s.id, new Set(s.nodes)]));
  const edgeSource = new Map(plan.exchanges.map((x) => [x.edge.id, x.edge.source]));
  const nodes: Record<string, NodeMetrics> = {};
  const edges: Record<string, number> = {};
  for (const { stage, metrics } of parts) {
    const own = stageNodes.get(stage);
    if (!own) continue;
    for (const [id, m] of Object.entries(metrics.nodes)) {
      if (!own.has(id)) continue;
      const seen = nodes[id];
      nodes[id] = seen ? add(seen, m) : { ...m };
    }
    for (const [id, rate] of Object.entries(metrics.edges)) {
      const source = edgeSource.get(id);
      if (source !== undefined && !own.has(source)) continue;
      edges[id] = (edges[id] ?? 0) + rate;
    }
  }
  for (const s of plan.stages)
    if (s.parallelism > 1)
      for (const id of s.nodes) {
        const n = nodes[id];
        if (n) n.instances = s.parallelism;
      }
  return { nodes, edges };
}

export type Counts = Pick<NodeMetrics, 'in' | 'out' | 'errors' | 'late' | 'dropped'>;

export const NO_COUNTS: Counts = { in: 0, out: 0, errors: 0, late: 0, dropped: 0 };

/** Just the counts of a node's metrics (what a checkpoint keeps of them). */
export function countsOf({ in: inCount, out, errors, late, dropped }: Counts): Counts {
  return { in: inCount, out, errors, late, dropped };
}

/** A node's counts (or metrics) with `b`'s added: another instance's, or those before a resume. */
export function addCounts<T extends Counts>(a: T, b: Counts): T {
  return {
    ...a,
    in: a.in + b.in,
    out: a.out + b.out,
    errors: a.errors + b.errors,
    late: a.late + b.late,
    dropped: a.dropped + b.dropped,
  };
}

function add(a: NodeMetrics, b: NodeMetrics): NodeMetrics {
  const out: NodeMetrics = {
    ...addCounts(a, b),
    // An instance with no watermark yet holds the node's back, as Flink shows "No Watermark" then.
    watermark: a.watermark === null || b.watermark === null ? null : Math.min(a.watermark, b.watermark),
    inPerSec: a.inPerSec + b.inPerSec,
    outPerSec: a.outPerSec + b.outPerSec,
    stateKeys: a.stateKeys + b.stateKeys,
    openWindows: a.openWindows + b.openWindows,
    latencyP50Ms: Math.max(a.latencyP50Ms, b.latencyP50Ms),
    latencyP99Ms: Math.max(a.latencyP99Ms, b.latencyP99Ms),
  };
  return out;
}
