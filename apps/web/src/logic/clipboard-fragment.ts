import type { PipelineDocument, PipelineEdge, PipelineNode, Position } from '@eventide/shared';
import { uniqueId } from './unique-id';

/** What Ctrl+C copies: the selected nodes and the edges between them. */
export interface ClipboardFragment {
  nodes: PipelineNode[];
  edges: PipelineEdge[];
  /** Canvas positions of the nodes, by id (the document keeps them in layout). */
  positions: Record<string, Position>;
}

/** Where a node is drawn; (0, 0) when the layout does not say. */
export function positionOf(doc: PipelineDocument, id: string): Position {
  return doc.layout.positions[id] ?? { x: 0, y: 0 };
}

export function copyFragment(doc: PipelineDocument, nodeIds: Iterable<string>): ClipboardFragment | null {
  const ids = new Set(nodeIds);
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return null;
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const positions = Object.fromEntries(nodes.map((n) => [n.id, positionOf(doc, n.id)]));
  return structuredClone({ nodes, edges, positions });
}

/** The fragment with fresh ids that do not clash with the document, shifted by `offset`. */
export function renameFragment(
  doc: PipelineDocument,
  fragment: ClipboardFragment,
  offset: { x: number; y: number },
): ClipboardFragment {
  const nodeIds = doc.nodes.map((n) => n.id);
  const edgeIds = doc.edges.map((e) => e.id);
  const renamed = new Map<string, string>();
  const positions: Record<string, Position> = {};
  const nodes = fragment.nodes.map((n) => {
    const id = uniqueId(n.id.replace(/-\d+$/, ''), [...nodeIds, ...renamed.values()]);
    renamed.set(n.id, id);
    const p = fragment.positions[n.id] ?? { x: 0, y: 0 };
    positions[id] = { x: p.x + offset.x, y: p.y + offset.y };
    return { ...structuredClone(n), id };
  });
  const newEdgeIds: string[] = [];
  const edges = fragment.edges.map((e) => {
    const id = uniqueId('e', [...edgeIds, ...newEdgeIds]);
    newEdgeIds.push(id);
    return { ...e, id, source: renamed.get(e.source)!, target: renamed.get(e.target)! };
  });
  return { nodes, edges, positions };
}
