import type { PipelineEdge } from '../document/schema.js';

/**
 * Kahn's algorithm: node ids in topological order, or the ids left on a cycle.
 * Ties keep the document's node order, so the order is stable for the engine and the tests.
 */
export function topologicalOrder(
  nodeIds: string[],
  edges: Pick<PipelineEdge, 'source' | 'target'>[],
): { order: string[]; cyclic: string[] } {
  const indegree = new Map(nodeIds.map((id) => [id, 0]));
  const next = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const e of edges) {
    if (!indegree.has(e.source) || !indegree.has(e.target)) continue;
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    next.get(e.source)?.push(e.target);
  }
  const ready = nodeIds.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const t of next.get(id) ?? []) {
      const d = (indegree.get(t) ?? 0) - 1;
      indegree.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  const done = new Set(order);
  return { order, cyclic: nodeIds.filter((id) => !done.has(id)) };
}
