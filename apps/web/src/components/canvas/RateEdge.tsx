import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { rate } from '../../logic/format';
import { isActive, useLiveStore } from '../../stores/live-store';
import type { RateFlowEdge } from './flow-types';

/** An edge that shows its events/s while a run is live; side outputs (late, errors) are dashed. */
export function RateEdge(props: EdgeProps<RateFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, data } = props;
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const perSec = useLiveStore((s) => (isActive(s.run) ? s.metrics?.edges[id] : undefined));
  const role = data?.role ?? 'main';
  // Between close nodes a label would cover the ports; the nodes show their rates anyway.
  const roomy = Math.hypot(targetX - sourceX, targetY - sourceY) > 90;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`edge-path role-${role}${selected ? ' selected' : ''}${perSec ? ' flowing' : ''}`}
        interactionWidth={18}
      />
      {perSec !== undefined && roomy && (
        <EdgeLabelRenderer>
          <div
            className="edge-rate nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-rate-${id}`}
          >
            {rate(perSec)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
