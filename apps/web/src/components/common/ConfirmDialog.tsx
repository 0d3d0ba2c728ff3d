import { useEffect, useRef } from 'react';
import { useEditorStore } from '../../stores/editor-store';

/** Asks before a step that loses work; Escape or "Keep editing" leaves everything as it was. */
export function ConfirmDialog() {
  const confirm = useEditorStore((s) => s.confirm);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!confirm) return;
    keep.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && useEditorStore.getState().askConfirm(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [confirm]);
  if (!confirm) return null;
  const close = () => useEditorStore.getState().askConfirm(null);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-labelledby="confirm-title" data-testid="confirm-dialog">
        <h2 id="confirm-title">{confirm.title}</h2>
        <p className="modal-hint">{confirm.detail}</p>
        <div className="modal-actions">
          <button ref={keep} type="button" className="btn" onClick={close} data-testid="confirm-cancel">
            Keep editing
          </button>
          <button
            type="button"
            className="btn danger"
            onClick={() => {
              close();
              confirm.onConfirm();
            }}
            data-testid="confirm-ok"
          >
            {confirm.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
