import { getKind, portsOf } from '@eventide/shared';
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { keyParamsSummary } from '../../logic/node-summary';
import { useCompareStore } from '../../stores/compare-store';
import type { PipelineFlowNode } from './flow-types';
import { NodeBadge } from './NodeBadge';
import { NodeLiveStats } from './NodeLiveStats';
import { NodePreviewCount } from './NodePreviewCount';
import { NodeTestBadge } from './NodeTestBadge';

/** A node on the canvas: kind, label, key params, typed ports with labels, badge and live stats. */
export const PipelineNodeView = memo(function PipelineNodeView({
  id,
  data,
  selected,
}: NodeProps<PipelineFlowNode>) {
  const { node, issues } = data;
  const spec = getKind(node.kind);
  const ports = portsOf(node.kind, node.params);
  const summary = spec ? keyParamsSummary(node.kind, node.params) : [];
  const rows = Math.max(ports.inputs.length, ports.outputs.length);
  const diff = useCompareStore((s) => s.comparison?.nodeStatus.get(id));
  return (
    <div
      className={`pnode cat-${spec?.category ?? 'unknown'}${selected ? ' selected' : ''}${issues.length ? ' invalid' : ''}${diff ? ` diff-${diff}` : ''}`}
      data-diff={diff}
      data-testid={`node-${id}`}
      data-kind={node.kind}
    >
      <div className="pnode-head">
        <span className="pnode-kind">{spec?.label ?? node.kind}</span>
        <NodeBadge issues={issues} nodeId={id} />
      </div>
      <div className="pnode-title" title={node.id}>
        {node.label ?? node.id}
      </div>
      {summary.length > 0 && (
        <div className="pnode-params">
          {summary.map((line) => (
            <div key={line} className="pnode-param" title={line}>
              {line}
            </div>
          ))}
        </div>
      )}
      {rows > 0 && (
        <div className="pnode-ports">
          {Array.from({ length: rows }, (_, i) => {
            const input = ports.inputs[i];
            const output = ports.outputs[i];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: port rows are positional
              <div className="pnode-port-row" key={i}>
                {input ? (
                  <span className="port in" title={`${input.label}: takes ${input.accepts.join(' or ')}`}>
                    <Handle
                      type="target"
                      position={Position.Left}
                      id={input.id}
                      className={`handle accepts-${input.accepts.join('-')}`}
                      data-testid={`handle-${id}-in-${input.id}`}
                    />
                    {input.label}
                  </span>
                ) : (
                  <span />
                )}
                {output ? (
                  <span
                    className={`port out role-${output.role}`}
                    title={`${output.label}: gives ${output.type}`}
                  >
                    {output.label}
                    <Handle
                      type="source"
                      position={Position.Right}
                      id={output.id}
                      className={`handle type-${output.type} role-${output.role}`}
                      data-testid={`handle-${id}-out-${output.id}`}
                    />
                  </span>
                ) : (
                  <span />
                )}
              </div>
            );
          })}
        </div>
      )}
      <NodeLiveStats nodeId={id} isSink={spec?.category === 'sink'} />
      <NodePreviewCount nodeId={id} isSink={spec?.category === 'sink'} />
      <NodeTestBadge nodeId={id} />
    </div>
  );
});
