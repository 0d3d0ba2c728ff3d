import { compileProjection } from '../../expr/index.js';
import type { KindNode } from '../../runtime/operator.js';
import type { StatelessStage } from './stage.js';

/** transform.map: a new event of the projected fields, after the input's fields when keepInput is set. */
export function mapStage(node: KindNode<'transform.map'>): StatelessStage {
  const project = compileProjection(node.params.fields);
  const keepInput = node.params.keepInput;
  return {
    nodeId: node.id,
    errorPort: 'error',
    apply: keepInput ? (event) => Object.assign({}, event, project(event)) : (event) => project(event),
  };
}
