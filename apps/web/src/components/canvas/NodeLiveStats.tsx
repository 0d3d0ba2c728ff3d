import { clockTime, compactNumber, rate } from '../../logic/format';
import { isActive, useLiveStore } from '../../stores/live-store';

/**
 * One line while a run is live: events out (in, for sinks) and their rate, the watermark, and
 * late / error / dropped counts when there are any. One line, so nodes barely grow when a run starts.
 */
export function NodeLiveStats({ nodeId, isSink }: { nodeId: string; isSink: boolean }) {
  const m = useLiveStore((s) => (s.run ? s.metrics?.nodes[nodeId] : undefined));
  const active = useLiveStore((s) => isActive(s.run));
  if (!m) return null;
  const count = isSink ? m.in : m.out;
  const perSec = isSink ? m.inPerSec : m.outPerSec || m.inPerSec;
  const detail = [
    `in ${m.in} · out ${m.out}`,
    `${rate(m.inPerSec)} in · ${rate(m.outPerSec)} out`,
    `watermark ${clockTime(m.watermark)}`,
    `late ${m.late} · errors ${m.errors} · dropped ${m.dropped}`,
    ...(m.instances ? [`${m.instances} instances on ${m.instances} threads (settings.parallelism)`] : []),
    ...(m.status?.message ? [m.status.message] : []),
  ].join('\n');
  return (
    <div
      className={`pnode-live${active ? '' : ' ended'}`}
      data-testid={`node-live-${nodeId}`}
      data-out={m.out}
      data-in={m.in}
      title={detail}
    >
      {m.instances && (
        <span className="live-instances" data-testid={`node-instances-${nodeId}`}>
          ×{m.instances}
        </span>
      )}
      <span>{compactNumber(count)}</span>
      <span className="live-rate">{rate(perSec)}</span>
      {m.watermark !== null && <span className="live-wm">wm {clockTime(m.watermark)}</span>}
      {m.late > 0 && <span className="live-tag warn">late {compactNumber(m.late)}</span>}
      {m.errors > 0 && <span className="live-tag bad">err {compactNumber(m.errors)}</span>}
      {m.dropped > 0 && <span className="live-tag bad">drop {compactNumber(m.dropped)}</span>}
      {m.status && m.status.state !== 'connected' && (
        <span
          className={`live-tag ${m.status.state === 'failed' ? 'bad' : 'warn'}`}
          data-testid={`node-status-${nodeId}`}
          title={m.status.message}
        >
          {m.status.state}
        </span>
      )}
    </div>
  );
}
