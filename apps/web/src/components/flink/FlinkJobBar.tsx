import { isFinalJobState } from '@eventide/shared';
import { cancelDeployment } from '../../live/flink-actions';
import { useFlinkStore } from '../../stores/flink-store';

const LABEL = {
  created: 'starting',
  running: 'running',
  restarting: 'restarting',
  failed: 'failed',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
  finished: 'finished',
} as const;

/**
 * The followed Flink job, over the canvas and the dashboard: its state as last polled, Flink's
 * message when it failed or restarts, the dashboard feeds, and Cancel.
 */
export function FlinkJobBar({ where }: { where: 'canvas' | 'dashboard' }) {
  const d = useFlinkStore((s) => s.deployment);
  const cancelling = useFlinkStore((s) => s.cancelling);
  if (!d) return null;
  const done = isFinalJobState(d.state);
  const feeds = Object.values(d.dashboards);
  const rows = feeds.reduce((n, f) => n + f.received, 0);
  const broken = feeds.find((f) => f.status.state === 'failed' || f.status.state === 'reconnecting');
  const flinkUi = `${d.target.flinkUrl}/#/job/${done ? 'completed' : 'running'}/${d.id}/overview`;
  return (
    <div className={`flink-job ${where}`} data-testid="flink-job" data-state={d.state}>
      <span className="flink-job-title">Flink job</span>
      <span className={`run-state state-${d.state}`} data-testid="flink-job-state">
        {LABEL[d.state]}
      </span>
      <a
        className="flink-job-id"
        href={flinkUi}
        target="_blank"
        rel="noreferrer"
        title="Open in the Flink web UI"
      >
        {d.id.slice(0, 8)}…
      </a>
      <span className="flink-job-rows" data-testid="flink-job-rows" title="Rows read from the result topics">
        {rows} row{rows === 1 ? '' : 's'} from {feeds.length} topic{feeds.length === 1 ? '' : 's'}
      </span>
      {d.error && (
        <span className="flink-job-error" data-testid="flink-job-error" title={d.error}>
          {d.error}
        </span>
      )}
      {!d.error && broken && (
        <span className="flink-job-error" title={broken.status.message}>
          {broken.topic}: {broken.status.message ?? broken.status.state}
        </span>
      )}
      {d.unreachable && (
        <span className="flink-job-error" title={d.unreachable}>
          cluster unreachable
        </span>
      )}
      {!done && (
        <button
          type="button"
          className="btn danger small"
          disabled={cancelling || d.state === 'cancelling'}
          onClick={() => void cancelDeployment()}
          data-testid="flink-cancel"
        >
          {cancelling || d.state === 'cancelling' ? 'Cancelling…' : '■ Cancel job'}
        </button>
      )}
      {done && (
        <button
          type="button"
          className="btn ghost small"
          onClick={() => useFlinkStore.getState().set({ deployment: null })}
          title="Hide"
        >
          ✕
        </button>
      )}
    </div>
  );
}
