import type { KindNode } from '../../runtime/operator.js';
import type { StatelessStage } from './stage.js';

/**
 * transform.key-by: events pass unchanged. The key is a property of the stream, not of the event:
 * the compiler hands it to the keyed operators downstream (OperatorNode.inputs.in.key), which read
 * the key fields themselves, so a fused chain pays nothing for it.
 */
export function keyByStage(node: KindNode<'transform.key-by'>): StatelessStage {
  return { nodeId: node.id, errorPort: null, apply: (event) => event };
}
