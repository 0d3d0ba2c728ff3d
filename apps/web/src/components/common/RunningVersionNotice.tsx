import { planApply } from '../../live/apply-actions';
import { sameSemantics } from '../../logic/use-validation';
import { useDocumentStore } from '../../stores/document-store';
import { isActive, useLiveStore } from '../../stores/live-store';

/**
 * While a run goes on and the editor holds edits that change results (moving a node does not), the
 * run is the version it started with (or last applied), not what the canvas shows, even once the
 * edits are saved: say so, and offer to apply them.
 */
export function RunningVersionNotice() {
  const active = useLiveStore((s) => isActive(s.run));
  const running = useLiveStore((s) => s.runDocument);
  const doc = useDocumentStore((s) => s.doc);
  const saved = useDocumentStore((s) => s.pipelineId !== null);
  if (!active || !running || !saved || doc === running || sameSemantics(running, doc)) return null;
  return (
    <div className="running-notice" role="status" data-testid="running-version-notice">
      <span className="running-notice-dot" aria-hidden />
      <span>
        <b>The running pipeline is the previous version.</b> Your edits are not in it yet: results on the
        dashboard still come from the version you ran.
      </span>
      <button
        type="button"
        className="btn small running-notice-action"
        data-testid="running-notice-apply"
        onClick={() => void planApply()}
        title="Switch the running pipeline to this version, keeping the state of unchanged nodes"
      >
        ⟳ Apply to running
      </button>
    </div>
  );
}
