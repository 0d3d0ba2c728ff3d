import { compilePredicate } from '../../expr/index.js';
import type { KindNode } from '../../runtime/operator.js';
import type { StatelessStage } from './stage.js';

/** transform.filter: keeps the events whose condition is true; a failing condition sends the event to `error`. */
export function filterStage(node: KindNode<'transform.filter'>): StatelessStage {
  const condition = compilePredicate(node.params.condition);
  return {
    nodeId: node.id,
    errorPort: 'error',
    apply: (event) => (condition(event) ? event : null),
  };
}
