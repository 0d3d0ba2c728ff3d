import {
  defineOperator,
  type KindNode,
  type Operator,
  type OperatorContext,
} from '../../runtime/operator.js';

/**
 * transform.union: forwards every batch of every input as it arrives. Its watermark is the minimum of
 * its inputs, which the runtime computes before calling onWatermark.
 */
export function unionOperator(node: KindNode<'transform.union'>): Operator {
  let ctx!: OperatorContext;
  return defineOperator({
    nodeId: node.id,
    open(c) {
      ctx = c;
    },
    processBatch(_port, events, times) {
      if (events.length > 0) ctx.emit('out', events, times);
    },
  });
}
