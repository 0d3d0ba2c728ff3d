import type { PipelineDocument } from '@eventide/shared';
import type { HoldingSource } from './window-wait';

type Params = ReadonlyMap<string, Record<string, unknown>>;

const upstreamOf = (doc: PipelineDocument, id: string) =>
  doc.edges.filter((e) => e.target === id).map((e) => e.source);

/** Every node upstream of `id` (not itself), nearest first. */
function ancestors(doc: PipelineDocument, id: string): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  let frontier = [id];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const n of frontier)
      for (const up of upstreamOf(doc, n))
        if (!seen.has(up)) {
          seen.add(up);
          order.push(up);
          next.push(up);
        }
    frontier = next;
  }
  return order;
}

/**
 * The source holding back the watermark at node `id`: among the assign-timestamps nodes upstream,
 * the one with the lowest watermark (the node takes the minimum), and behind it the source silent
 * the longest (a source that never sent counts as silent forever). Undefined without event time.
 */
export function watermarkHolder(
  doc: PipelineDocument,
  id: string,
  params: Params,
  watermarkOf: (nodeId: string) => number | null,
  silentMsOf: (sourceId: string) => number | null,
): HoldingSource | undefined {
  const kindOf = (n: string) => doc.nodes.find((x) => x.id === n)?.kind;
  const assigners = ancestors(doc, id).filter((n) => kindOf(n) === 'time.assign-timestamps');
  const rank = (n: string) => watermarkOf(n) ?? Number.NEGATIVE_INFINITY;
  const assigner = assigners.sort((a, b) => rank(a) - rank(b))[0];
  if (!assigner) return undefined;
  const sources = ancestors(doc, assigner).filter((n) => !doc.edges.some((e) => e.target === n));
  const silence = (s: string) => silentMsOf(s) ?? Number.POSITIVE_INFINITY;
  const source = sources.sort((a, b) => silence(b) - silence(a))[0];
  if (!source) return undefined;
  const p = params.get(assigner) ?? {};
  return {
    id: source,
    silentMs: silentMsOf(source),
    idleTimeoutMs: Number(p.idleTimeoutMs ?? 0),
    lagMs: Number(p.maxOutOfOrdernessMs ?? 0),
  };
}

/** The end of the earliest window of `sizeMs` every `slideMs` (tumbling: equal) still open at `watermark`. */
export function nextWindowEnd(watermark: number, sizeMs: number, slideMs: number = sizeMs): number {
  const k = Math.floor((watermark - sizeMs) / slideMs) + 1;
  return k * slideMs + sizeMs;
}
