import { type RefObject, useEffect } from 'react';

/**
 * While a dialog is open: focus its first control (when given), and close it on Escape (every
 * dialog of the editor answers Escape the same way).
 */
export function useDialogFocus(
  open: boolean,
  focus: RefObject<HTMLElement | null> | null,
  close: () => void,
): void {
  useEffect(() => {
    if (!open) return;
    focus?.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, focus, close]);
}
