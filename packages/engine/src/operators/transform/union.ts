import type { Operator, OperatorContext, OperatorNode } from '../../runtime/operator.js';
import { STATELESS } from './stage.js';

/**
 * transform.union: forwards every batch of every input as it arrives. Its watermark is the minimum of
 * its inputs, which the runtime computes before calling onWatermark.
 */
export function unionOperator(node: OperatorNode): Operator {
  let ctx!: OperatorContext;
  return {
    nodeId: node.id,
    open(c) {
      ctx = c;
    },
    processBatch(_port, events, times) {
      if (events.length > 0) ctx.emit('out', events, times);
    },
    ...STATELESS,
  };
}
