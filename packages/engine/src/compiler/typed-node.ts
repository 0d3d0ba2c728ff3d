import { type KindId, parseKindParams } from '@eventide/shared';
import type { KindNode, OperatorNode } from '../runtime/operator.js';

/**
 * The node with its params parsed by kind K's catalog schema (defaults filled), so the factory of K
 * reads typed params and repeats no default. The validator already checked them: a failure here
 * means a caller skipped validation, and names the node and the parameter.
 */
export function typedNode<K extends KindId>(kind: K, node: OperatorNode<unknown>): KindNode<K> {
  const parsed = parseKindParams(kind, node.params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `params.${issue.path.join('.')}: ` : 'params: ';
    throw new Error(`node ${node.id} (${kind}): ${where}${issue?.message ?? 'invalid'}`);
  }
  return { ...node, kind, params: parsed.data };
}
