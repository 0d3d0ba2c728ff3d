import { PipelineTestSchema } from '@eventide/shared';
import { draftTest } from '../logic/draft-test';
import { previewRunner } from '../preview/preview-runner';
import { useDocumentStore } from '../stores/document-store';
import { useEditorStore } from '../stores/editor-store';
import { usePreviewStore } from '../stores/preview-store';
import { useTestStore } from '../stores/test-store';

/** Runs the open document's tests in the engine worker; verdicts go on the sink nodes and the tests panel. */
export async function runTests(): Promise<void> {
  const doc = useDocumentStore.getState().doc;
  useTestStore.getState().setRunning();
  usePreviewStore.getState().setOpen(false);
  useTestStore.getState().setResults(await previewRunner.tests(doc), doc);
}

/** "Save as test": makes a test of the preview's input and current output and shows it for review. */
export async function draftTestFromPreview(): Promise<void> {
  const doc = useDocumentStore.getState().doc;
  const { samples, sampleOrigins, result } = usePreviewStore.getState();
  const toast = useEditorStore.getState().toast;
  if (!result) return;
  const name = `test ${(doc.tests?.length ?? 0) + 1}`;
  const draft = await draftTest(doc, name, samples, sampleOrigins, result, (d, s, rows) =>
    previewRunner.preview(d, s, rows),
  );
  if (!draft.ok) toast({ tone: 'error', title: 'Cannot make a test of this preview', detail: draft.error });
  else useTestStore.getState().setReview({ test: draft.test, origins: draft.origins });
}

/** Saves the reviewed test under `name` into the document, then runs the tests. */
export function saveReviewedTest(name: string): void {
  const review = useTestStore.getState().review;
  if (!review) return;
  const test = PipelineTestSchema.parse({ ...review.test, name });
  useDocumentStore.getState().addTest(test);
  useTestStore.getState().setReview(null);
  useEditorStore.getState().toast({
    tone: 'success',
    title: `Test "${name}" added`,
    detail: 'Saved with the pipeline: Run tests here, or `eventide test` on the exported file.',
  });
  void runTests();
}
