import { compileProjection, type ProjectionField } from '../../expr/index.js';
import type { OperatorNode } from '../../runtime/operator.js';
import type { StatelessStage } from './stage.js';

/** transform.map: a new event of the projected fields, after the input's fields when keepInput is set. */
export function mapStage(node: OperatorNode): StatelessStage {
  const fields = (node.params.fields ?? []) as ProjectionField[];
  const project = compileProjection(fields);
  const keepInput = node.params.keepInput === true;
  return {
    nodeId: node.id,
    errorPort: 'error',
    apply: keepInput ? (event) => Object.assign({}, event, project(event)) : (event) => project(event),
  };
}
