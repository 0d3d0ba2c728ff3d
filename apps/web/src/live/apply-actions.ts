import { formatIssue } from '@eventide/shared';
import { ApiError, api } from '../api/client';
import { useApplyStore } from '../stores/apply-store';
import { useDocumentStore } from '../stores/document-store';
import { useEditorStore } from '../stores/editor-store';
import { attachRun } from './live-connection';

/** "Apply to running": first the plan (state kept / dropped / new per node), then, confirmed, the switch. */

function problems(e: unknown): string[] {
  if (e instanceof ApiError && e.body.issues?.length) return e.body.issues.map(formatIssue);
  return [e instanceof Error ? e.message : String(e)];
}

export async function planApply(): Promise<void> {
  const { doc, pipelineId } = useDocumentStore.getState();
  if (!pipelineId) return;
  try {
    const { plan } = await api.applyPlan(pipelineId, doc);
    useApplyStore.getState().ask(plan);
  } catch (e) {
    useEditorStore.getState().showProblems({
      title: 'Cannot apply this version to the running pipeline',
      hint: 'Fix these problems, then apply again.',
      problems: problems(e),
    });
  }
}

export async function confirmApply(): Promise<void> {
  const { doc, pipelineId } = useDocumentStore.getState();
  useApplyStore.getState().close();
  if (!pipelineId) return;
  useApplyStore.getState().setApplying(true);
  try {
    const applied = await api.apply(pipelineId, doc);
    useDocumentStore.getState().markSaved(pipelineId, doc);
    if (applied.run) attachRun(applied.run, doc);
    const kept = applied.plan.filter((f) => f.fate === 'kept').length;
    useEditorStore.getState().toast({
      tone: 'success',
      title: `Applied as version ${applied.version ?? '?'}`,
      detail: `${kept} of ${applied.plan.length} stateful nodes kept their state; sources resumed from their offsets.`,
    });
  } catch (e) {
    useEditorStore.getState().showProblems({
      title: 'The new version was not applied',
      hint: 'The running pipeline may have stopped: check the run state, then run again.',
      problems: problems(e),
    });
  } finally {
    useApplyStore.getState().setApplying(false);
  }
}
