import {
  getKind,
  type PipelineDocument,
  type PipelineEdge,
  portsOf,
  validateDocument,
} from '@eventide/shared';

export interface ProposedEdge {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export type ConnectionVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether an edge may be drawn, with the reason when not. Port types, single-edge inputs and
 * duplicates are judged by the same validator the server runs, so editor and server agree.
 */
export function checkConnection(
  doc: PipelineDocument,
  edge: ProposedEdge,
  edgeId: string,
): ConnectionVerdict {
  if (edge.source === edge.target) return { ok: false, reason: 'a node cannot feed itself' };
  const src = doc.nodes.find((n) => n.id === edge.source);
  const dst = doc.nodes.find((n) => n.id === edge.target);
  if (!src || !dst) return { ok: false, reason: 'both ends must be nodes on the canvas' };
  const outPort = portsOf(src.kind, src.params).outputs.find((p) => p.id === edge.sourcePort);
  const inPort = portsOf(dst.kind, dst.params).inputs.find((p) => p.id === edge.targetPort);
  if (!outPort) return { ok: false, reason: `${src.id} has no output "${edge.sourcePort}"` };
  if (!inPort) return { ok: false, reason: `${dst.id} has no input "${edge.targetPort}"` };
  if (!inPort.accepts.includes(outPort.type)) {
    const dstLabel = getKind(dst.kind)?.label ?? dst.kind;
    return {
      ok: false,
      reason: `${dstLabel} "${dst.id}" takes ${inPort.accepts.join(' or ')} on "${inPort.label}", but "${src.id}".${outPort.label} gives ${outPort.type}${outPort.type === 'batches' ? ' (arrays from a micro-batch node)' : ''}`,
    };
  }
  const candidate: PipelineEdge = { id: edgeId, ...edge };
  const before = validateDocument(doc);
  const after = validateDocument({ ...doc, edges: [...doc.edges, candidate] });
  const edgeError = after.errors.find((e) => e.edge === edgeId);
  if (edgeError) return { ok: false, reason: edgeError.message };
  const hadCycle = before.errors.some((e) => e.path === 'edges' && e.message.includes('cycle'));
  const cycle = after.errors.find((e) => e.path === 'edges' && e.message.includes('cycle'));
  if (cycle && !hadCycle) return { ok: false, reason: `${cycle.message}; streams may only flow forward` };
  return { ok: true };
}
