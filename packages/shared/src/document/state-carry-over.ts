import { getKind } from '../catalog/index.js';
import { fieldChanges } from './diff.js';
import type { PipelineDocument, PipelineNode } from './schema.js';

/**
 * What happens to each stateful node's state when a running pipeline switches from `before` to
 * `after` (like restoring a Flink savepoint by operator uid): kept when the node id, its kind and
 * every state-relevant param are unchanged; dropped otherwise, with the reason; new for a node that
 * did not exist. Sources always resume from their offsets.
 */
export type StateFate =
  | { node: string; kind: string; fate: 'kept' }
  | { node: string; kind: string; fate: 'dropped'; reason: string }
  | { node: string; kind: string; fate: 'new' };

/** Kinds whose operator keeps state between batches (windows, CEP, joins and these transforms). */
const STATEFUL_TRANSFORMS = new Set(['time.assign-timestamps', 'transform.dedupe', 'transform.micro-batch']);

/**
 * Params a stateful kind may change without its state losing its meaning: how results are shown,
 * fired early or bounded. Every other param (size, slide, gap, key, aggregations, steps, within,
 * bounds of a join...) shapes the state, so changing it drops the state.
 */
const STATE_FREE_PARAMS: Record<string, readonly string[]> = {
  'window.tumbling': ['earlyFireMs', 'allowedLatenessMs'],
  'window.sliding': ['earlyFireMs', 'allowedLatenessMs'],
  'window.session': ['earlyFireMs', 'allowedLatenessMs'],
  'window.count': ['earlyFireMs'],
  // The totals stay what they are; the TTL only decides when an idle key starts over.
  'window.running': ['stateTtlMs'],
  'cep.pattern': ['output', 'maxPartialMatchesPerKey', 'maxBufferedEventsPerKey'],
  'time.assign-timestamps': ['idleTimeoutMs', 'maxOutOfOrdernessMs'],
  'transform.micro-batch': ['maxEvents', 'maxDelayMs'],
};

export function isStateful(kind: string): boolean {
  const category = getKind(kind)?.category;
  return category === 'window' || category === 'cep' || category === 'join' || STATEFUL_TRANSFORMS.has(kind);
}

function fateOf(before: PipelineNode | undefined, after: PipelineNode): StateFate {
  const base = { node: after.id, kind: after.kind };
  if (!before) return { ...base, fate: 'new' };
  if (before.kind !== after.kind)
    return { ...base, fate: 'dropped', reason: `kind changed from ${before.kind}` };
  const free = new Set(STATE_FREE_PARAMS[after.kind] ?? []);
  const relevant = fieldChanges(before.params, after.params).filter(
    (c) => !free.has(c.path.split('.')[0] ?? ''),
  );
  if (relevant.length === 0) return { ...base, fate: 'kept' };
  const what = relevant
    .map(
      (c) =>
        `${c.path} ${c.before === undefined ? '(default)' : JSON.stringify(c.before)} -> ${c.after === undefined ? '(default)' : JSON.stringify(c.after)}`,
    )
    .join(', ');
  return { ...base, fate: 'dropped', reason: `state-relevant params changed: ${what}` };
}

/** The fate of every stateful node of `after`, in node id order (removed nodes' state simply ends). */
export function planStateCarryOver(before: PipelineDocument, after: PipelineDocument): StateFate[] {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  return after.nodes
    .filter((n) => isStateful(n.kind))
    .map((n) => fateOf(old.get(n.id), n))
    .sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}
