import { useEffect } from 'react';
import { sameSemantics } from '../logic/use-validation';
import { useDocumentStore } from '../stores/document-store';
import { useEditorStore } from '../stores/editor-store';
import { usePreviewStore } from '../stores/preview-store';
import { previewRunner } from './preview-runner';

/**
 * Quiet time after an edit before the preview runs again: keys typed together are one run. Short,
 * because a run of 10,000 events takes some 30-50 ms in the worker and the runner is latest-wins
 * (an edit made during a run waits, and only the newest is sent), so a burst costs one run more.
 */
export const PREVIEW_DEBOUNCE_MS = 60;

/**
 * While the preview is open, re-runs it after every edit that can change results (moving a node
 * cannot), after every change of the samples, and when a node is selected that the latest result
 * keeps no inspector data for (input rows and state are kept for the selected nodes only). Mount
 * once, in the app.
 */
export function usePreviewLoop(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (usePreviewStore.getState().open)
          previewRunner.request(useDocumentStore.getState().doc, useEditorStore.getState().selectedNodes);
      }, PREVIEW_DEBOUNCE_MS);
    };
    const offDoc = useDocumentStore.subscribe((s, prev) => {
      if (s.doc !== prev.doc && !sameSemantics(prev.doc, s.doc)) schedule();
    });
    const offPreview = usePreviewStore.subscribe((s, prev) => {
      if ((s.open && !prev.open) || s.samples !== prev.samples) schedule();
    });
    // A node selected that the latest result holds no inspector data for: run again for it.
    const offSelect = useEditorStore.subscribe((s, prev) => {
      if (s.selectedNodes === prev.selectedNodes) return;
      const { inspected } = usePreviewStore.getState();
      if (s.selectedNodes.some((id) => !inspected.includes(id))) schedule();
    });
    return () => {
      clearTimeout(timer);
      offDoc();
      offPreview();
      offSelect();
      previewRunner.dispose();
    };
  }, []);
}
