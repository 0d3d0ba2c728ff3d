import { runPipeline, stopPipeline } from '../../live/pipeline-actions';
import { isActive, useLiveStore } from '../../stores/live-store';

export function RunControls() {
  const run = useLiveStore((s) => s.run);
  const active = isActive(run);
  return (
    <>
      {run && (
        <span
          className={`run-state state-${run.state}`}
          data-testid="run-state"
          data-state={run.state}
          title={run.error ?? ''}
        >
          {run.state}
        </span>
      )}
      {active ? (
        <button
          type="button"
          className="btn danger"
          onClick={() => void stopPipeline()}
          data-testid="stop-button"
        >
          ■ Stop
        </button>
      ) : (
        <button
          type="button"
          className="btn primary"
          onClick={() => void runPipeline()}
          data-testid="run-button"
        >
          ▶ Run
        </button>
      )}
    </>
  );
}
