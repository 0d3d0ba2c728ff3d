import { api } from '../api/client';
import type { PipelineVersionInfo } from '../api/types';
import { importDocument } from '../logic/import-document';
import { useCompareStore } from '../stores/compare-store';
import { useDocumentStore } from '../stores/document-store';
import { useEditorStore } from '../stores/editor-store';

/** Versions: compare one with the canvas, restore one (the server records it as a new version). */

export function versionLabel(v: PipelineVersionInfo): string {
  const time = new Date(v.savedAt).toLocaleTimeString();
  return `version ${v.number} (${time}${v.message ? `, ${v.message}` : ''})`;
}

export async function compareWithVersion(pipelineId: string, v: PipelineVersionInfo): Promise<void> {
  try {
    const version = await api.getVersion(pipelineId, v.number);
    useCompareStore
      .getState()
      .compare(useDocumentStore.getState().doc, version.document, versionLabel(v), v.number);
  } catch (e) {
    useEditorStore.getState().toast({ tone: 'error', title: 'Cannot open the version', detail: String(e) });
  }
}

/** The canvas against the last save: what Save would change. */
export function compareWithLastSave(): void {
  const { doc, savedDoc } = useDocumentStore.getState();
  if (savedDoc) useCompareStore.getState().compare(doc, savedDoc, 'the last save');
}

/** The canvas against a pipeline file (another branch's, a colleague's export): nothing is replaced. */
export function compareWithFile(text: string, fileName: string): void {
  const result = importDocument(text);
  if (!result.ok) {
    useEditorStore.getState().showProblems({
      title: `${fileName} cannot be compared`,
      hint: 'It is not a pipeline document this Eventide reads. The canvas is unchanged.',
      problems: result.errors,
    });
    return;
  }
  useCompareStore
    .getState()
    .compare(useDocumentStore.getState().doc, result.document, `the file ${fileName}`);
}

export async function restoreVersion(pipelineId: string, n: number): Promise<void> {
  try {
    const stored = await api.restoreVersion(pipelineId, n);
    useDocumentStore.getState().load(stored.document, stored.id, true);
    useCompareStore.getState().close();
    useEditorStore.getState().toast({
      tone: 'success',
      title: `Restored version ${n}`,
      detail: `Saved as version ${stored.version ?? '?'}; the history keeps every version.`,
    });
  } catch (e) {
    useEditorStore
      .getState()
      .toast({ tone: 'error', title: 'Cannot restore the version', detail: String(e) });
  }
}
