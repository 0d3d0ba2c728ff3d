import { type FlinkDeployment, type FlinkTarget, formatIssue, isFinalJobState } from '@eventide/shared';
import { ApiError, api } from '../api/client';
import { flinkSqlOf } from '../logic/use-flink-sql';
import { useDocumentStore } from '../stores/document-store';
import { useEditorStore } from '../stores/editor-store';
import { useFlinkStore } from '../stores/flink-store';
import { attachDeployment, detachRun } from './live-connection';
import { savePipeline } from './pipeline-actions';

/** Deploy to Flink: the dialog's target, the deploy itself, following and cancelling the job. */

const TARGET_KEY = 'eventide.flinkTarget';
const POLL_MS = 1500;
let poll: ReturnType<typeof setInterval> | null = null;

const toast = (...a: Parameters<ReturnType<typeof useEditorStore.getState>['toast']>) =>
  useEditorStore.getState().toast(...a);

/** Opens the dialog; the Flink SQL panel opens too, so refused nodes are badged on the canvas. */
export async function openDeployDialog(): Promise<void> {
  useEditorStore.getState().setFlinkOpen(true);
  const flink = useFlinkStore.getState();
  flink.openDialog();
  if (flink.target) return;
  const saved = savedTarget();
  if (saved) return flink.setTarget(saved);
  try {
    flink.setTarget((await api.flinkDefaults()).target);
  } catch (e) {
    flink.set({ error: (e as Error).message });
    flink.setTarget({
      flinkUrl: 'http://127.0.0.1:18081',
      gatewayUrl: 'http://127.0.0.1:18083',
      kafka: '127.0.0.1:19092',
    });
  }
}

function savedTarget(): FlinkTarget | null {
  try {
    const t = JSON.parse(localStorage.getItem(TARGET_KEY) ?? 'null') as Partial<FlinkTarget> | null;
    return t &&
      typeof t.flinkUrl === 'string' &&
      typeof t.gatewayUrl === 'string' &&
      typeof t.kafka === 'string'
      ? { flinkUrl: t.flinkUrl, gatewayUrl: t.gatewayUrl, kafka: t.kafka }
      : null;
  } catch {
    return null;
  }
}

/** Saves the pipeline, deploys it to the dialog's target, then follows the job on the canvas. */
export async function deployToFlink(): Promise<void> {
  const flink = useFlinkStore.getState();
  const target = flink.target;
  if (!target || flink.deploying) return;
  if (flinkSqlOf(useDocumentStore.getState().doc).refusals.length > 0) return;
  flink.set({ deploying: true, error: null });
  try {
    const id = await savePipeline();
    if (!id) return;
    const { deployment, warnings } = await api.deploy(id, target);
    localStorage.setItem(TARGET_KEY, JSON.stringify(target));
    follow(deployment);
    useFlinkStore.getState().closeDialog();
    toast({
      tone: 'success',
      title: 'Deployed to Flink',
      detail: `Job ${deployment.id.slice(0, 8)}… submitted${warnings.length ? ` (${warnings.length} warning${warnings.length > 1 ? 's' : ''})` : ''}; results arrive on the dashboard through Kafka.`,
    });
  } catch (e) {
    const issues = e instanceof ApiError ? (e.body.issues ?? []) : [];
    useFlinkStore.getState().set({
      error: issues.length ? issues.map(formatIssue).join('\n') : (e as Error).message,
    });
  } finally {
    useFlinkStore.getState().set({ deploying: false });
  }
}

export async function cancelDeployment(): Promise<void> {
  const { deployment } = useFlinkStore.getState();
  if (!deployment) return;
  useFlinkStore.getState().set({ cancelling: true });
  try {
    const { deployment: now } = await api.cancelDeployment(deployment.id);
    useFlinkStore.getState().set({ deployment: now });
  } catch (e) {
    toast({ tone: 'error', title: 'Could not cancel the Flink job', detail: (e as Error).message });
  } finally {
    useFlinkStore.getState().set({ cancelling: false });
  }
}

/** Follows a deployment: its dashboard results, and its job state polled until the job ends. */
function follow(deployment: FlinkDeployment): void {
  useFlinkStore.getState().set({ deployment });
  attachDeployment(deployment.id, useDocumentStore.getState().doc);
  if (poll) clearInterval(poll);
  poll = setInterval(() => void refresh(deployment.id), POLL_MS);
}

async function refresh(id: string): Promise<void> {
  try {
    const { deployment } = await api.deployment(id);
    if (useFlinkStore.getState().deployment?.id !== id) return;
    const before = useFlinkStore.getState().deployment?.state;
    useFlinkStore.getState().set({ deployment });
    if (isFinalJobState(deployment.state) && poll) {
      clearInterval(poll);
      poll = null;
    }
    if (before !== deployment.state && deployment.state === 'failed')
      toast({
        tone: 'error',
        title: 'The Flink job failed',
        detail: deployment.error ?? 'See the Flink web UI.',
      });
  } catch {
    // The server is unreachable for a moment: the connection indicator says so; keep polling.
  }
}

/** Stops following (another pipeline was opened); the job itself runs on. */
function unfollow(): void {
  if (poll) clearInterval(poll);
  poll = null;
  if (useFlinkStore.getState().deployment) detachRun();
  useFlinkStore.getState().set({ deployment: null, error: null });
}

/** Opening a pipeline that has a job still on Flink shows that job again (e.g. after a reload). */
async function resume(pipelineId: string): Promise<void> {
  try {
    const { deployments } = await api.deployments(pipelineId);
    const live = deployments.find((d) => !isFinalJobState(d.state));
    if (live && useDocumentStore.getState().pipelineId === pipelineId && !useFlinkStore.getState().deployment)
      follow(live);
  } catch {
    // No server or no deployments: nothing to show.
  }
}

useDocumentStore.subscribe((now, before) => {
  if (now.pipelineId === before.pipelineId) return;
  const followed = useFlinkStore.getState().deployment;
  if (followed && followed.pipeline !== now.pipelineId) unfollow();
  if (now.pipelineId && before.pipelineId === null && now.loads === before.loads) return; // first save
  if (now.pipelineId) void resume(now.pipelineId);
});
