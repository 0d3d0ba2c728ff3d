import { getKind, type LiveTopic, type PipelineDocument, type ServerMessage } from '@eventide/shared';
import { LiveSocket, liveUrl } from '../api/live-socket';
import type { RunInfo } from '../api/types';
import { useEditorStore } from '../stores/editor-store';
import { useLiveStore } from '../stores/live-store';

let socket: LiveSocket | null = null;
let runSubs: (() => void)[] = [];

/** The one websocket of the page, opened on first use. */
export function liveSocket(): LiveSocket {
  socket ??= new LiveSocket(liveUrl(), (c) => useLiveStore.getState().setConnection(c));
  return socket;
}

/** Sink results arrive in bursts; they reach the store (and React) once per animation frame. */
const pending = new Map<string, { events: unknown[]; replay: boolean }>();
let frame: number | null = null;

function queueResults(node: string, events: unknown[], replay: boolean) {
  const prior = pending.get(node);
  if (replay || !prior) pending.set(node, { events: [...events], replay });
  else prior.events.push(...events);
  if (frame !== null) return;
  frame = requestAnimationFrame(() => {
    frame = null;
    const batch = new Map(pending);
    pending.clear();
    useLiveStore.getState().applyResults(batch);
  });
}

function onRunMessage(msg: ServerMessage) {
  const store = useLiveStore.getState();
  if (msg.type === 'metrics') store.setMetrics(msg.metrics);
  else if (msg.type === 'result') queueResults(msg.node, msg.events, msg.replay === true);
  else if (msg.type === 'run-state') {
    const run = store.run;
    if (run && run.id === msg.run)
      store.setRun({
        ...run,
        state: msg.state,
        ...(msg.error ? { error: msg.error } : {}),
        ...(msg.warnings ? { warnings: msg.warnings } : {}),
      });
  } else if (msg.type === 'error' && store.run) {
    // The run is gone (e.g. the server restarted): show it as stopped with the reason.
    store.setRun({ ...store.run, state: 'stopped', error: msg.message });
  }
}

/** Follows a run: its metrics and the results of every sink of the document. */
export function attachRun(run: RunInfo, doc: PipelineDocument): void {
  detachRun();
  const store = useLiveStore.getState();
  store.clearResults();
  store.setRun(run, doc);
  const topics: LiveTopic[] = [{ kind: 'metrics', run: run.id }, ...sinkTopics(run.id, doc)];
  runSubs = topics.map((t) => liveSocket().subscribe(t, onRunMessage));
}

/**
 * Feeds the dashboard from a Flink deployment: the server publishes its result topics' rows to the
 * sink topics of the job id, so the panels fill as they do for a run.
 */
export function attachDeployment(jobId: string, doc: PipelineDocument): void {
  detachRun();
  const store = useLiveStore.getState();
  store.clearResults();
  store.setRun(null);
  runSubs = sinkTopics(jobId, doc).map((t) => liveSocket().subscribe(t, onRunMessage));
}

function sinkTopics(run: string, doc: PipelineDocument): LiveTopic[] {
  return doc.nodes
    .filter((n) => getKind(n.kind)?.category === 'sink')
    .map((n) => ({ kind: 'sink', run, node: n.id }));
}

export function detachRun(): void {
  for (const unsubscribe of runSubs) unsubscribe();
  runSubs = [];
}

/**
 * Sampled events on one edge of a run, for the tap viewer and the inspector's live sample; with a
 * CEL `filter`, only events for which it holds (the server refuses a bad one: `onError`).
 */
export function subscribeTap(
  run: string,
  edge: string,
  onEvents: (events: unknown[]) => void,
  options: { filter?: string; onError?: (message: string) => void } = {},
): () => void {
  const filter = options.filter?.trim();
  return liveSocket().subscribe({ kind: 'tap', run, edge, ...(filter ? { filter } : {}) }, (msg) => {
    if (msg.type === 'tap') onEvents(msg.events);
    else if (msg.type === 'error') options.onError?.(msg.message);
  });
}

/** A run that fails or finishes says so, whichever message (run-state or metrics) told us. */
useLiveStore.subscribe((now, before) => {
  const run = now.run;
  if (!run || run.id !== before.run?.id || run.state === before.run.state) return;
  const toast = useEditorStore.getState().toast;
  if (run.state === 'failed')
    toast({
      tone: 'error',
      title: 'The run failed',
      detail: run.error ?? 'See the server log for the reason.',
    });
  else if (run.state === 'finished')
    toast({ tone: 'info', title: 'The run finished: its inputs have ended.' });
});
