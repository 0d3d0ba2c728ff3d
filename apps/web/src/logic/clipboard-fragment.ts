import type { PipelineDocument, PipelineEdge, PipelineNode } from '@eventide/shared';
import { uniqueId } from './unique-id';

/** What Ctrl+C copies: the selected nodes and the edges between them. */
export interface ClipboardFragment {
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

export function copyFragment(doc: PipelineDocument, nodeIds: Iterable<string>): ClipboardFragment | null {
  const ids = new Set(nodeIds);
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return null;
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return structuredClone({ nodes, edges });
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
  const nodes = fragment.nodes.map((n) => {
    const id = uniqueId(n.id.replace(/-\d+$/, ''), [...nodeIds, ...renamed.values()]);
    renamed.set(n.id, id);
    return {
      ...structuredClone(n),
      id,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    };
  });
  const newEdgeIds: string[] = [];
  const edges = fragment.edges.map((e) => {
    const id = uniqueId('e', [...edgeIds, ...newEdgeIds]);
    newEdgeIds.push(id);
    return { ...e, id, source: renamed.get(e.source)!, target: renamed.get(e.target)! };
  });
  return { nodes, edges };
}
