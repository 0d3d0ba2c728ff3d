import { type DashboardPanel, getKind, type PipelineNode } from '@eventide/shared';
import { type PointerEvent, type ReactNode, useState } from 'react';
import { clampPanel } from '../../logic/dashboard-placement';
import { compactNumber } from '../../logic/format';
import { useDocumentStore } from '../../stores/document-store';
import { useLiveStore } from '../../stores/live-store';
import { GAP, ROW_HEIGHT } from './Dashboard';

type Gesture = { mode: 'move' | 'resize'; startX: number; startY: number; dx: number; dy: number };

/** A panel's chrome: title, result count, drag-to-move header and resize corner, snapped to the grid. */
export function PanelFrame(props: {
  panel: DashboardPanel;
  node: PipelineNode;
  colWidth: number;
  children: ReactNode;
}) {
  const { panel, node, colWidth } = props;
  const [g, setG] = useState<Gesture | null>(null);
  const received = useLiveStore((s) => s.received[node.id] ?? 0);
  const rowStep = ROW_HEIGHT + GAP;

  const target = (gesture: Gesture): DashboardPanel =>
    clampPanel(
      gesture.mode === 'move'
        ? { ...panel, x: panel.x + gesture.dx / colWidth, y: panel.y + gesture.dy / rowStep }
        : { ...panel, w: panel.w + gesture.dx / colWidth, h: panel.h + gesture.dy / rowStep },
    );

  const begin = (mode: Gesture['mode']) => (e: PointerEvent) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setG({ mode, startX: e.clientX, startY: e.clientY, dx: 0, dy: 0 });
  };
  const track = (e: PointerEvent) => g && setG({ ...g, dx: e.clientX - g.startX, dy: e.clientY - g.startY });
  const end = () => {
    if (!g) return;
    const next = target(g);
    setG(null);
    if (next.x !== panel.x || next.y !== panel.y || next.w !== panel.w || next.h !== panel.h)
      useDocumentStore.getState().setPanel(next);
  };

  const rect = {
    left: panel.x * colWidth,
    top: panel.y * rowStep,
    width: panel.w * colWidth - GAP,
    height: panel.h * rowStep - GAP,
  };
  const style =
    g?.mode === 'move'
      ? { ...rect, left: rect.left + g.dx, top: rect.top + g.dy }
      : g?.mode === 'resize'
        ? {
            ...rect,
            width: Math.max(colWidth - GAP, rect.width + g.dx),
            height: Math.max(ROW_HEIGHT, rect.height + g.dy),
          }
        : rect;
  const snapped = g ? target(g) : null;

  return (
    <>
      {snapped && (
        <div
          className="panel-ghost"
          style={{
            left: snapped.x * colWidth,
            top: snapped.y * rowStep,
            width: snapped.w * colWidth - GAP,
            height: snapped.h * rowStep - GAP,
          }}
        />
      )}
      <section
        className={`panel${g ? ' dragging' : ''}`}
        style={style}
        data-testid={`panel-${node.id}`}
        data-grid={`${panel.x},${panel.y},${panel.w},${panel.h}`}
      >
        <header
          className="panel-head"
          onPointerDown={begin('move')}
          onPointerMove={track}
          onPointerUp={end}
          data-testid={`panel-head-${node.id}`}
          title="Drag to move"
        >
          <span className="panel-title">{node.label ?? node.id}</span>
          <span className="panel-kind">{getKind(node.kind)?.label}</span>
          <span className="panel-count" title="results received" data-received={received}>
            {compactNumber(received)}
          </span>
        </header>
        <div className="panel-body">{props.children}</div>
        <div
          className="panel-resize"
          onPointerDown={begin('resize')}
          onPointerMove={track}
          onPointerUp={end}
          data-testid={`panel-resize-${node.id}`}
          title="Drag to resize"
        />
      </section>
    </>
  );
}
