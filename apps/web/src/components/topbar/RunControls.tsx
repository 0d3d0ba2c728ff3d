import { planApply } from '../../live/apply-actions';
import { runPipeline, stopPipeline } from '../../live/pipeline-actions';
import { useApplyStore } from '../../stores/apply-store';
import { hasUnsavedEdits, useDocumentStore } from '../../stores/document-store';
import { isActive, useLiveStore } from '../../stores/live-store';

export function RunControls() {
  const run = useLiveStore((s) => s.run);
  const active = isActive(run);
  const edited = useDocumentStore(hasUnsavedEdits);
  const applying = useApplyStore((s) => s.applying);
  // While an apply switches runs, the old one stops first: neither Run nor Stop means anything yet.
  if (applying)
    return (
      <button type="button" className="btn" disabled data-testid="applying">
        ⟳ Applying…
      </button>
    );
  return (
    <>
      {active && edited && (
        <button
          type="button"
          className="btn"
          onClick={() => void planApply()}
          data-testid="apply-button"
          title="Switch the running pipeline to this version, keeping the state of unchanged nodes"
        >
          ⟳ Apply to running
        </button>
      )}
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
      {run?.warnings?.length ? (
        // e.g. a damaged checkpoint skipped on resume, a checkpoint the disk refused: the run goes on.
        <span className="run-warnings" data-testid="run-warnings" title={run.warnings.join('\n')}>
          ⚠ {run.warnings.length === 1 ? '1 warning' : `${run.warnings.length} warnings`}
        </span>
      ) : null}
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
