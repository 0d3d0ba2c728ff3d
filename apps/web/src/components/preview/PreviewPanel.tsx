import type { PortPreview } from '@eventide/engine';
import { formatIssue, getKind } from '@eventide/shared';
import { useEffect, useState } from 'react';
import { draftTestFromPreview } from '../../live/test-actions';
import { compactNumber } from '../../logic/format';
import { useDocumentStore } from '../../stores/document-store';
import { useEditorStore } from '../../stores/editor-store';
import { usePreviewStore } from '../../stores/preview-store';
import { PreviewRows } from './PreviewRows';
import { SampleEditor } from './SampleEditor';

const PORT_LABELS: Record<string, string> = {
  out: 'output',
  in: 'received',
  late: 'late',
  error: 'errors',
  timeout: 'timeouts',
};

/**
 * The bottom panel of the editor: the open document run on sample input in the browser, without
 * the server and without Run. Shows the selected node's rows per output port, and lets sources
 * that need a server take sample events.
 */
export function PreviewPanel() {
  const open = usePreviewStore((s) => s.open);
  const result = usePreviewStore((s) => s.result);
  const running = usePreviewStore((s) => s.running);
  const latency = usePreviewStore((s) => s.lastLatencyMs);
  const selected = useEditorStore((s) => (s.selectedNodes.length === 1 ? s.selectedNodes[0] : undefined));
  const node = useDocumentStore((s) => s.doc.nodes.find((n) => n.id === selected));
  const [port, setPort] = useState('out');
  const [view, setView] = useState<'table' | 'json'>('table');
  const ports: Record<string, PortPreview> = (node && result?.ok && result.ports[node.id]) || {};
  const portIds = Object.keys(ports);
  const shownPort = portIds.includes(port) ? port : portIds[0];
  useEffect(() => {
    if (shownPort && shownPort !== port) setPort(shownPort);
  }, [shownPort, port]);
  if (!open) return null;

  const status = running
    ? 'running…'
    : !result
      ? ''
      : result.ok
        ? `${compactNumber(Object.values(result.ports).reduce((n, p) => Math.max(n, p.out?.count ?? 0), 0))} events through the busiest node · ${Math.round(latency ?? 0)} ms`
        : 'not run';
  const isSource = node !== undefined && getKind(node.kind)?.category === 'source';

  return (
    <section className="preview-panel" data-testid="preview-panel" aria-label="Preview">
      <header className="preview-head">
        <strong>Preview</strong>
        <span className="preview-status" data-testid="preview-status" data-latency={latency ?? undefined}>
          {status}
        </span>
        {node && (
          <span className="preview-node" data-testid="preview-node">
            {node.label ?? node.id}
          </span>
        )}
        {portIds.length > 0 && (
          <div className="preview-ports" role="tablist">
            {portIds.map((p) => (
              <button
                key={p}
                type="button"
                role="tab"
                aria-selected={p === shownPort}
                className={`preview-port${p === shownPort ? ' active' : ''}`}
                onClick={() => setPort(p)}
                data-testid={`preview-port-${p}`}
              >
                {PORT_LABELS[p] ?? p} <span className="preview-count">{compactNumber(ports[p]!.count)}</span>
              </button>
            ))}
          </div>
        )}
        <span className="preview-spacer" />
        <button
          type="button"
          className="btn ghost small"
          disabled={!result?.ok || running}
          onClick={() => void draftTestFromPreview()}
          title="Keep this input and the output it gives now as a test of the pipeline"
          data-testid="save-as-test"
        >
          Save as test…
        </button>
        <div className="preview-view" title="Show rows as a table or as JSON">
          {(['table', 'json'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className={`btn ghost small${view === v ? ' active' : ''}`}
              onClick={() => setView(v)}
              data-testid={`preview-view-${v}`}
            >
              {v === 'table' ? 'Table' : 'JSON'}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="btn ghost small"
          onClick={() => usePreviewStore.getState().setOpen(false)}
          title="Close the preview"
          data-testid="preview-close"
        >
          ✕
        </button>
      </header>
      <div className="preview-body">
        {result && !result.ok ? (
          <ul className="problem-list" data-testid="preview-problems">
            {'errors' in result ? (
              result.errors.map((e) => <li key={formatIssue(e)}>{formatIssue(e)}</li>)
            ) : (
              <li>{result.failure}</li>
            )}
          </ul>
        ) : !node ? (
          <p className="empty-hint" data-testid="preview-hint">
            Select a node to see what it does to the sample: its output rows, late events and errors.
            {result?.ok &&
              result.waitingForSamples.length > 0 &&
              ` Sources without samples yet: ${result.waitingForSamples.join(', ')}.`}
          </p>
        ) : (
          <div className={isSource ? 'preview-source' : undefined}>
            {isSource && <SampleEditor nodeId={node.id} kind={node.kind} />}
            {shownPort && ports[shownPort] ? (
              <div className="preview-rows">
                <PreviewRows rows={ports[shownPort].rows} view={view} />
                {ports[shownPort].count > ports[shownPort].rows.length && (
                  <p className="empty-hint small">
                    The first {ports[shownPort].rows.length.toLocaleString('en-US')} of{' '}
                    {ports[shownPort].count.toLocaleString('en-US')} rows.
                  </p>
                )}
              </div>
            ) : (
              !isSource && (
                <p className="empty-hint small">{running ? 'Running the preview…' : 'No output yet.'}</p>
              )
            )}
          </div>
        )}
      </div>
    </section>
  );
}
