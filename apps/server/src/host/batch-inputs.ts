import { type PipelineDocument, portsOf } from '@eventide/shared';

/**
 * Sink nodes fed by a `batches` port (a micro-batch node): their events are EventBatch objects
 * (`{ events, count }`) that the sink unpacks, so files get one line per event and webhooks one
 * POST per batch.
 */
export function batchFedSinks(doc: PipelineDocument): Set<string> {
  const out = new Set<string>();
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const edge of doc.edges) {
    const source = nodes.get(edge.source);
    if (!source) continue;
    const port = portsOf(source.kind, source.params).outputs.find((p) => p.id === edge.sourcePort);
    if (port?.type === 'batches' && nodes.get(edge.target)?.kind.startsWith('sink.')) out.add(edge.target);
  }
  return out;
}

/** The events of the EventBatch objects a micro-batch node emits. */
export function batchesOf(items: readonly unknown[]): unknown[][] {
  return items.map((b) => {
    const events = (b as { events?: unknown } | null)?.events;
    return Array.isArray(events) ? events : [b];
  });
}
