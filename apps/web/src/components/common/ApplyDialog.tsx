import { confirmApply } from '../../live/apply-actions';
import { useApplyStore } from '../../stores/apply-store';
import { useDialogFocus } from './use-dialog-focus';

const LABEL = { kept: 'state kept', dropped: 'state dropped', new: 'new, starts empty' } as const;

/** Before applying a new version to a running pipeline: what happens to each stateful node's state. */
export function ApplyDialog() {
  const plan = useApplyStore((s) => s.plan);
  const close = useApplyStore((s) => s.close);
  useDialogFocus(plan !== null, null, close);
  if (!plan) return null;
  const dropped = plan.filter((f) => f.fate === 'dropped').length;
  return (
    <div className="modal-backdrop">
      <div
        className="modal apply-modal"
        role="dialog"
        aria-labelledby="apply-title"
        data-testid="apply-dialog"
      >
        <h2 id="apply-title">Apply to the running pipeline</h2>
        <p className="modal-hint">
          The run takes a checkpoint, stops, and the new version starts from it: sources resume from their
          offsets, so nothing is lost or doubled.{' '}
          {dropped > 0
            ? `${dropped} node${dropped > 1 ? 's' : ''} will lose ${dropped > 1 ? 'their' : 'its'} state.`
            : 'Every stateful node keeps its state.'}
        </p>
        <ul className="apply-plan">
          {plan.length === 0 && <li className="menu-note">No stateful nodes: nothing to keep.</li>}
          {plan.map((f) => (
            <li
              key={f.node}
              className={`apply-fate ${f.fate}`}
              data-testid={`apply-${f.node}`}
              data-fate={f.fate}
            >
              <span className="apply-badge">{LABEL[f.fate]}</span>
              <strong>{f.node}</strong> <span className="diff-kind">{f.kind}</span>
              {f.fate === 'dropped' && <div className="apply-reason">{f.reason}</div>}
            </li>
          ))}
        </ul>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={close} data-testid="apply-cancel">
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${dropped > 0 ? 'danger' : 'primary'}`}
            onClick={() => void confirmApply()}
            data-testid="apply-confirm"
          >
            {dropped > 0 ? 'Apply and drop that state' : 'Apply'}
          </button>
        </div>
      </div>
    </div>
  );
}
