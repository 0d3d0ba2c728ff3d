import type { KindParams } from '@eventide/shared';
import type { Event, OperatorContext, OperatorNode } from '../../runtime/operator.js';
import { KeyExtractor } from '../window/key.js';

/** A buffered event of one side: its time and arrival number order the pairs deterministically. */
export interface Buffered {
  e: Record<string, unknown>;
  t: number;
  q: number;
}

export interface JoinSides {
  left: KeyExtractor;
  right: KeyExtractor;
  /** Field names the left stream declares: a right field of the same name is renamed `right_<name>`. */
  leftDeclared: ReadonlySet<string>;
  processingTime: boolean;
}

/** Params both join kinds have, as the catalog parses them. */
export type JoinKeyParams = Pick<KindParams<'join.window-join'>, 'leftKey' | 'rightKey' | 'timeMode'>;

export function joinSidesOf(node: OperatorNode<JoinKeyParams>): JoinSides {
  const p = node.params;
  return {
    left: new KeyExtractor(p.leftKey),
    right: new KeyExtractor(p.rightKey),
    leftDeclared: new Set(Object.keys(node.inputs?.left?.schema.fields ?? {})),
    processingTime: p.timeMode === 'processing',
  };
}

/**
 * Whether an input event can take part in a join; if not, it is reported as an error of the event:
 * one without a valid time, or whose key field is null or missing (like SQL, a null key equals
 * nothing, so the event is not a member of a "null" group).
 */
export function joinable(key: KeyExtractor, ctx: OperatorContext, event: Event, t: number): boolean {
  if (!Number.isFinite(t)) {
    ctx.error(event, t, 'event has no valid time');
    return false;
  }
  const f = key.missingField(event);
  if (f === undefined) return true;
  ctx.error(event, t, `join key field "${f}" is null or missing`);
  return false;
}

/** Buffered items in (time, arrival) order. */
export const byTimeThenArrival = (a: Buffered, b: Buffered) => a.t - b.t || a.q - b.q;

export const toJSONItem = (b: Buffered): [Record<string, unknown>, number, number] => [b.e, b.t, b.q];
export const fromJSONItem = ([e, t, q]: [Record<string, unknown>, number, number]): Buffered => ({ e, t, q });
