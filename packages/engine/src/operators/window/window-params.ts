import type { Aggregation } from '@eventide/shared';
import type { OperatorNode } from '../../runtime/operator.js';

/** Params every window kind has, as the catalog parses them (with defaults). */
export interface WindowParams {
  keyBy: string[];
  aggregations: Aggregation[];
  allowedLatenessMs: number;
  earlyFireMs: number;
  timeMode: 'event' | 'processing';
}

export function windowParamsOf(node: OperatorNode): WindowParams {
  const p = node.params as Partial<WindowParams>;
  return {
    keyBy: p.keyBy ?? [],
    aggregations: p.aggregations ?? [{ name: 'count', fn: 'count' }],
    allowedLatenessMs: p.allowedLatenessMs ?? 0,
    earlyFireMs: p.earlyFireMs ?? 0,
    timeMode: p.timeMode ?? 'event',
  };
}

/** The node's own key fields, else the key set upstream by key-by (shared's effectiveKey rule). */
export function keyFieldsOf(node: OperatorNode, params: { keyBy: string[] }, port = 'in'): string[] {
  if (params.keyBy.length > 0) return params.keyBy;
  return node.inputs?.[port]?.key ?? [];
}
