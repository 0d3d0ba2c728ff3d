import { useEffect } from 'react';
import { sameSemantics } from '../logic/use-validation';
import { useDocumentStore } from '../stores/document-store';
import { usePreviewStore } from '../stores/preview-store';
import { previewRunner } from './preview-runner';

/** Quiet time after an edit before the preview runs again: typing a number is one run, not five. */
export const PREVIEW_DEBOUNCE_MS = 120;

/**
 * While the preview is open, re-runs it after every edit that can change results (moving a node
 * cannot) and after every change of the samples. Mount once, in the app.
 */
export function usePreviewLoop(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (usePreviewStore.getState().open) previewRunner.request(useDocumentStore.getState().doc);
      }, PREVIEW_DEBOUNCE_MS);
    };
    const offDoc = useDocumentStore.subscribe((s, prev) => {
      if (s.doc !== prev.doc && !sameSemantics(prev.doc, s.doc)) schedule();
    });
    const offPreview = usePreviewStore.subscribe((s, prev) => {
      if ((s.open && !prev.open) || s.samples !== prev.samples) schedule();
    });
    return () => {
      clearTimeout(timer);
      offDoc();
      offPreview();
      previewRunner.dispose();
    };
  }, []);
}
