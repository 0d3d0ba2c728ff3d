import type { KindParams } from '@eventide/shared';
import type { OperatorNode } from '../../runtime/operator.js';

/** Params every window kind has, as the catalog parses them (with defaults). */
export type WindowParams = Pick<
  KindParams<'window.tumbling'>,
  'keyBy' | 'aggregations' | 'allowedLatenessMs' | 'earlyFireMs' | 'timeMode'
>;

/** The node's own key fields, else the key set upstream by key-by (shared's effectiveKey rule). */
export function keyFieldsOf(node: OperatorNode<unknown>, params: { keyBy: string[] }, port = 'in'): string[] {
  if (params.keyBy.length > 0) return params.keyBy;
  return node.inputs?.[port]?.key ?? [];
}

/**
 * The start of the interval holding time t on the grid of `step` ms shifted by `offsetMs` (Flink's
 * TimeWindow.getWindowStartWithOffset): tumbling windows, panes, and the last sliding window start.
 */
export function alignedStart(t: number, step: number, offsetMs: number): number {
  return Math.floor((t - offsetMs) / step) * step + offsetMs;
}
