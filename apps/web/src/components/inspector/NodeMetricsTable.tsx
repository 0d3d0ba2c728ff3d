import { clockTime, compactNumber, rate } from '../../logic/format';
import { useLiveStore } from '../../stores/live-store';

/** Everything the engine reports about the selected node while it runs (DESIGN "Execution"). */
export function NodeMetricsTable({ nodeId }: { nodeId: string }) {
  const m = useLiveStore((s) => (s.run ? s.metrics?.nodes[nodeId] : undefined));
  if (!m) return null;
  const rows: [string, string][] = [
    ['In / out', `${compactNumber(m.in)} / ${compactNumber(m.out)}`],
    ['Rate in / out', `${rate(m.inPerSec)} / ${rate(m.outPerSec)}`],
    ['Watermark', m.watermark === null ? '—' : clockTime(m.watermark)],
    ['Late / errors / dropped', `${m.late} / ${m.errors} / ${m.dropped}`],
    ['State keys / open windows', `${compactNumber(m.stateKeys)} / ${compactNumber(m.openWindows)}`],
    ['Latency p50 / p99', `${m.latencyP50Ms.toFixed(1)} / ${m.latencyP99Ms.toFixed(1)} ms`],
    ...(m.instances ? ([['Instances', `${m.instances} threads (counts summed)`]] as [string, string][]) : []),
    ...(m.status
      ? ([['Connection', `${m.status.state}${m.status.message ? `: ${m.status.message}` : ''}`]] as [
          string,
          string,
        ][])
      : []),
  ];
  return (
    <div className="inspector-section" data-testid="node-metrics">
      <h4 className="section-title">Live metrics</h4>
      <dl className="metrics-table">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
