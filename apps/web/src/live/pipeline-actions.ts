import { formatIssue, type PipelineDocument, validateDocument } from '@eventide/shared';
import { ApiError, api } from '../api/client';
import { emptyDocument } from '../logic/empty-document';
import { exportFileName, exportText, importDocument } from '../logic/import-document';
import { hasUnsavedEdits, useDocumentStore } from '../stores/document-store';
import { useEditorStore } from '../stores/editor-store';
import { isActive, useLiveStore } from '../stores/live-store';
import { attachRun, detachRun } from './live-connection';

/** User actions that span stores and the server: save, open, run, stop, import, export. */

const toast = (...a: Parameters<ReturnType<typeof useEditorStore.getState>['toast']>) =>
  useEditorStore.getState().toast(...a);

function problemsOf(e: unknown): string[] {
  if (e instanceof ApiError && e.body.issues?.length) return e.body.issues.map(formatIssue);
  return [(e as Error).message];
}

/** Saves to the server (creating the pipeline on first save); returns its id, or null on failure. */
export async function savePipeline(): Promise<string | null> {
  const { doc, pipelineId, markSaved } = useDocumentStore.getState();
  try {
    const stored = pipelineId ? await api.savePipeline(pipelineId, doc) : await api.createPipeline(doc);
    markSaved(stored.id, stored.document);
    return stored.id;
  } catch (e) {
    useEditorStore.getState().showProblems({
      title: 'The pipeline was not saved',
      hint: 'Fix these problems, then save again.',
      problems: problemsOf(e),
    });
    return null;
  }
}

export async function runPipeline(): Promise<void> {
  const doc = useDocumentStore.getState().doc;
  // Refuse early, with the same reasons the server would give, and say where to look.
  const validation = validateDocument(doc);
  if (!validation.ok) {
    useEditorStore.getState().showProblems({
      title: 'Cannot run this pipeline yet',
      hint: 'Nodes with a red badge need attention: select one to see its problems in the inspector.',
      problems: validation.errors.map(formatIssue),
    });
    return;
  }
  const id = await savePipeline();
  if (!id) return;
  try {
    const { run } = await api.start(id);
    attachRun(run, useDocumentStore.getState().doc);
    toast({
      tone: 'success',
      title: 'Running',
      detail: 'Live counts are on the canvas; results on the dashboard.',
    });
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.body.run) {
      attachRun(e.body.run, useDocumentStore.getState().doc);
      toast({ tone: 'info', title: 'Already running', detail: 'Showing the run in progress.' });
      return;
    }
    useEditorStore.getState().showProblems({
      title: 'The server refused to run this pipeline',
      hint: 'Fix these problems, then press Run again.',
      problems: problemsOf(e),
    });
  }
}

export async function stopPipeline(): Promise<void> {
  const { pipelineId } = useDocumentStore.getState();
  const live = useLiveStore.getState();
  if (!pipelineId) return;
  try {
    const { run } = await api.stop(pipelineId);
    live.setRun(run);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && live.run) live.setRun({ ...live.run, state: 'stopped' });
    else toast({ tone: 'error', title: 'Could not stop the run', detail: (e as Error).message });
  }
}

/** Replaces the canvas with another document; a running run of the old one stays on the server. */
function replaceDocument(doc: PipelineDocument, pipelineId: string | null, saved: boolean) {
  detachRun();
  useLiveStore.getState().setRun(null);
  useLiveStore.getState().clearResults();
  useDocumentStore.getState().load(doc, pipelineId, saved);
  useEditorStore.getState().select([], []);
}

/**
 * Runs `replace` (which puts another document on the canvas) at once when nothing would be lost,
 * else after the user confirms that the unsaved edits may go.
 */
function unlessEditsWouldBeLost(replacing: string, replace: () => void): void {
  const state = useDocumentStore.getState();
  if (!hasUnsavedEdits(state)) {
    replace();
    return;
  }
  useEditorStore.getState().askConfirm({
    title: `Discard your changes to "${state.doc.name}"?`,
    detail: `${replacing} replaces the canvas, and the edits made since it was last saved or opened are lost. Save first to keep them.`,
    confirmLabel: 'Discard changes',
    onConfirm: replace,
  });
}

export function openPipeline(id: string): void {
  unlessEditsWouldBeLost('Opening another pipeline', () => void loadPipeline(id));
}

async function loadPipeline(id: string): Promise<void> {
  try {
    const stored = await api.getPipeline(id);
    replaceDocument(stored.document, stored.id, true);
    // Pick up a run already in progress, e.g. after a page reload.
    const { runs } = await api.listRuns();
    const active = runs.find((r) => r.pipeline === id && isActive(r));
    if (active) attachRun(active, stored.document);
  } catch (e) {
    toast({ tone: 'error', title: `Could not open "${id}"`, detail: (e as Error).message });
  }
}

export function openTemplate(doc: PipelineDocument): void {
  unlessEditsWouldBeLost(`Opening the template "${doc.name}"`, () =>
    replaceDocument(structuredClone(doc), null, false),
  );
}

export function newPipeline(): void {
  unlessEditsWouldBeLost('A new pipeline', () => replaceDocument(emptyDocument(), null, false));
}

/**
 * Imports a file's text: a valid pipeline replaces the canvas (once the user agrees to lose unsaved
 * edits, if there are any), anything else changes nothing.
 */
export function importText(text: string, fileName: string): void {
  const result = importDocument(text);
  if (!result.ok) {
    useEditorStore.getState().showProblems({
      title: `${fileName} was not imported`,
      hint: 'The canvas is unchanged. Fix the file (or export a working pipeline to see the format) and import it again.',
      problems: result.errors,
    });
    return;
  }
  unlessEditsWouldBeLost(`Importing ${fileName}`, () => {
    replaceDocument(result.document, null, false);
    toast({
      tone: 'success',
      title: `Imported ${result.document.name}`,
      detail: result.warnings.join('\n') || undefined,
    });
  });
}

export function exportPipeline(): void {
  const doc = useDocumentStore.getState().doc;
  const blob = new Blob([exportText(doc)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(doc);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
