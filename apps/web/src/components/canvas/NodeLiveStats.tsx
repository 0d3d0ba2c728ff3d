import { clockTime, compactNumber, rate } from '../../logic/format';
import { isActive, useLiveStore } from '../../stores/live-store';

/** While a run is live: counts and rate, and the watermark / late / errors where the node has them. */
export function NodeLiveStats({ nodeId }: { nodeId: string }) {
  const m = useLiveStore((s) => (s.run ? s.metrics?.nodes[nodeId] : undefined));
  const active = useLiveStore((s) => isActive(s.run));
  if (!m) return null;
  return (
    <div
      className={`pnode-live${active ? '' : ' ended'}`}
      data-testid={`node-live-${nodeId}`}
      data-out={m.out}
    >
      <div className="live-row">
        <span title="events in">in {compactNumber(m.in)}</span>
        <span title="events out">out {compactNumber(m.out)}</span>
        <span className="live-rate" title="events out per second">
          {rate(m.outPerSec || m.inPerSec)}
        </span>
      </div>
      {(m.watermark !== null || m.late > 0 || m.errors > 0 || m.dropped > 0) && (
        <div className="live-row secondary">
          {m.watermark !== null && <span title="watermark (event time)">wm {clockTime(m.watermark)}</span>}
          {m.late > 0 && <span className="warn">late {compactNumber(m.late)}</span>}
          {m.errors > 0 && <span className="bad">err {compactNumber(m.errors)}</span>}
          {m.dropped > 0 && <span className="bad">dropped {compactNumber(m.dropped)}</span>}
        </div>
      )}
    </div>
  );
}
