import { useRef } from 'react';
import { useEditorStore } from '../../stores/editor-store';
import { useDialogFocus } from './use-dialog-focus';

const close = () => useEditorStore.getState().showProblems(null);

/** A refused import, save or run: what is wrong, and how to fix it. */
export function ProblemsDialog() {
  const problems = useEditorStore((s) => s.problems);
  const ok = useRef<HTMLButtonElement>(null);
  useDialogFocus(problems !== null, ok, close);
  if (!problems) return null;
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-labelledby="problems-title"
        data-testid="problems-dialog"
      >
        <h2 id="problems-title">{problems.title}</h2>
        <p className="modal-hint">{problems.hint}</p>
        <ul className="problem-list" data-testid="problems-list">
          {problems.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
        <div className="modal-actions">
          <button
            ref={ok}
            type="button"
            className="btn primary"
            onClick={() => useEditorStore.getState().showProblems(null)}
            data-testid="problems-close"
          >
            OK
          </button>
        </div>
      </div>
    </div>
  );
}
