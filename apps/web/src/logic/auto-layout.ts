import dagre from '@dagrejs/dagre';
import type { PipelineDocument } from '@eventide/shared';

export const NODE_WIDTH = 200;
const DEFAULT_HEIGHT = 120;

/** Left-to-right layered layout of the pipeline; returns each node's new top-left position. */
export function autoLayout(
  doc: PipelineDocument,
  sizes: ReadonlyMap<string, { width: number; height: number }> = new Map(),
): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) {
    const size = sizes.get(n.id) ?? { width: NODE_WIDTH, height: DEFAULT_HEIGHT };
    g.setNode(n.id, { width: size.width, height: size.height });
  }
  for (const e of doc.edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of doc.nodes) {
    const laid = g.node(n.id);
    if (!laid) continue;
    out[n.id] = { x: Math.round(laid.x - laid.width / 2), y: Math.round(laid.y - laid.height / 2) };
  }
  return out;
}
