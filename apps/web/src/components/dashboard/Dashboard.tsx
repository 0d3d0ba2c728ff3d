import { type DashboardPanel, getKind } from '@eventide/shared';
import { useEffect, useRef, useState } from 'react';
import { compactPanels, GRID_COLUMNS, placePanel } from '../../logic/dashboard-placement';
import { useDocumentStore } from '../../stores/document-store';
import { useEditorStore } from '../../stores/editor-store';
import { useFlinkStore } from '../../stores/flink-store';
import { isActive, useLiveStore } from '../../stores/live-store';
import { FlinkJobBar } from '../flink/FlinkJobBar';
import { PanelBody } from './PanelBody';
import { PanelFrame } from './PanelFrame';

export const ROW_HEIGHT = 64;
export const GAP = 12;

/** Panels of the document's dashboard sinks on a 12-column grid; drag to move, corner to resize. */
export function Dashboard() {
  const doc = useDocumentStore((s) => s.doc);
  const run = useLiveStore((s) => s.run);
  const deployment = useFlinkStore((s) => s.deployment);
  const grid = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1200);
  useEffect(() => {
    const el = grid.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  const sinks = doc.nodes.filter((n) => getKind(n.kind)?.panel);
  // Sinks without a saved place (e.g. from a hand-written file) get the first free spot.
  const placed: DashboardPanel[] = [];
  for (const n of sinks) {
    const saved = doc.layout.dashboard.panels.find((p) => p.node === n.id);
    placed.push(saved ?? placePanel(n.id, [...doc.layout.dashboard.panels, ...placed]));
  }
  const panels = compactPanels(placed);
  const colWidth = (width + GAP) / GRID_COLUMNS;
  const rows = panels.reduce((m, p) => Math.max(m, p.y + p.h), 0);

  return (
    <main className="dashboard" data-testid="dashboard">
      <div className="dashboard-bar">
        <h2>{doc.name}</h2>
        <span className="muted">
          {deployment && !run
            ? `Results of the Flink job, through its Kafka result topics`
            : run
              ? isActive(run)
                ? `Live · run ${run.id}`
                : `Run ${run.id} ${run.state}${run.error ? `: ${run.error}` : ''}`
              : 'Not running — press Run to fill the panels with live results.'}
          {run?.warnings?.length ? ` · ⚠ ${run.warnings.at(-1)}` : ''}
        </span>
        <FlinkJobBar where="dashboard" />
      </div>
      {sinks.length === 0 ? (
        <div className="dashboard-empty" data-testid="dashboard-empty">
          <h2>No dashboard panels yet</h2>
          <p>
            Add a <strong>Line chart</strong>, <strong>Bar chart</strong>, <strong>Table</strong>,{' '}
            <strong>Stat</strong> or <strong>Event log</strong> sink from the palette's Sinks and connect it:
            each becomes a panel here.
          </p>
          <button
            type="button"
            className="btn primary"
            onClick={() => useEditorStore.getState().setView('editor')}
          >
            Back to the editor
          </button>
        </div>
      ) : (
        <div
          className="dashboard-grid"
          data-testid="dashboard-grid"
          ref={grid}
          style={{ height: rows * (ROW_HEIGHT + GAP) + GAP }}
        >
          {panels.map((p) => {
            const node = sinks.find((n) => n.id === p.node)!;
            return (
              <PanelFrame key={p.node} panel={p} node={node} colWidth={colWidth}>
                <PanelBody node={node} />
              </PanelFrame>
            );
          })}
        </div>
      )}
    </main>
  );
}
