import type { PipelineDocument } from '@eventide/shared';
import { formatDuration } from './duration';

type Params = ReadonlyMap<string, Record<string, unknown>>;

/**
 * Why a sink has shown nothing yet, in words: the nearest window or pattern upstream of it says when
 * it emits ("a session closes after 3 s without events of its user"), so an empty panel reads as
 * "not yet" rather than "broken". Undefined when nothing upstream holds results back.
 */
export function whenResultsArrive(doc: PipelineDocument, sinkId: string, params: Params): string | undefined {
  const seen = new Set<string>();
  let frontier = [sinkId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of doc.edges) {
        if (edge.target !== id || seen.has(edge.source)) continue;
        seen.add(edge.source);
        const node = doc.nodes.find((n) => n.id === edge.source);
        const p = params.get(edge.source);
        if (!node || !p) continue;
        const sentence = holdBack(node.kind, p, lagOf(doc, node.id, params));
        if (sentence) return sentence;
        next.push(edge.source);
      }
    }
    frontier = next;
  }
  return undefined;
}

function holdBack(kind: string, p: Record<string, unknown>, lagMs: number): string | undefined {
  const keys = Array.isArray(p.keyBy) && p.keyBy.length > 0 ? p.keyBy.join(', ') : undefined;
  const lag = lagMs > 0 ? `, plus the watermark's ${formatDuration(lagMs)} delay for late events` : '';
  const early =
    typeof p.earlyFireMs === 'number' && p.earlyFireMs > 0
      ? ` Early results show every ${formatDuration(p.earlyFireMs)} before that.`
      : '';
  switch (kind) {
    case 'window.session': {
      const gap =
        typeof p.dynamicGap === 'string' && p.dynamicGap !== ''
          ? `the gap each event gives (${p.dynamicGap})`
          : formatDuration(Number(p.gapMs));
      return `A session closes after ${gap} without events${keys ? ` of its ${keys}` : ''}${lag}; its row appears then.${early}`;
    }
    case 'window.tumbling':
      return `A ${formatDuration(Number(p.sizeMs))} window is emitted once event time has passed its end${lag}.${early}`;
    case 'window.sliding':
      return `A ${formatDuration(Number(p.sizeMs))} window (one every ${formatDuration(Number(p.slideMs))}) is emitted once event time has passed its end${lag}.${early}`;
    case 'window.count':
      return `A window is emitted after ${String(p.size)} events${keys ? ` of one ${keys}` : ''}.`;
    case 'cep.pattern':
      return 'A row appears when the pattern matches; events wait until the watermark passes them, so they are matched in event-time order.';
    case 'join.window-join':
    case 'join.interval-join':
      return 'A joined row appears when events of both inputs meet; the watermark of both inputs must pass them first.';
    default:
      return undefined;
  }
}

/** The bounded out-of-orderness of the assign-timestamps node upstream of a node (0 when none). */
function lagOf(doc: PipelineDocument, nodeId: string, params: Params): number {
  const seen = new Set<string>([nodeId]);
  let frontier = [nodeId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const edge of doc.edges) {
      if (!frontier.includes(edge.target) || seen.has(edge.source)) continue;
      seen.add(edge.source);
      const node = doc.nodes.find((n) => n.id === edge.source);
      const max = params.get(edge.source)?.maxOutOfOrdernessMs;
      if (node?.kind === 'time.assign-timestamps' && typeof max === 'number') return max;
      next.push(edge.source);
    }
    frontier = next;
  }
  return 0;
}
