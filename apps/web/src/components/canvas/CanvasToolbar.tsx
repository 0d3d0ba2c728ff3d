import { Panel, useReactFlow } from '@xyflow/react';
import { autoLayout } from '../../logic/auto-layout';
import { useDocumentStore } from '../../stores/document-store';
import { ShortcutsMenu } from './ShortcutsMenu';

type Sizes = ReadonlyMap<string, { width: number; height: number }>;

export function CanvasToolbar({ sizes }: { sizes: Sizes }) {
  const rf = useReactFlow();
  const canUndo = useDocumentStore((s) => s.history.past.length > 0);
  const canRedo = useDocumentStore((s) => s.history.future.length > 0);
  const hasNodes = useDocumentStore((s) => s.doc.nodes.length > 0);
  const layout = () => {
    const store = useDocumentStore.getState();
    store.moveNodes(autoLayout(store.doc, sizes));
    requestAnimationFrame(() => rf.fitView({ padding: 0.2, duration: 300, maxZoom: 1.1 }));
  };
  return (
    <Panel position="top-left" className="canvas-toolbar">
      <button
        type="button"
        className="btn ghost small"
        onClick={() => useDocumentStore.getState().undo()}
        disabled={!canUndo}
        title="Undo (Ctrl+Z)"
        data-testid="undo"
      >
        ↶ Undo
      </button>
      <button
        type="button"
        className="btn ghost small"
        onClick={() => useDocumentStore.getState().redo()}
        disabled={!canRedo}
        title="Redo (Ctrl+Shift+Z)"
        data-testid="redo"
      >
        ↷ Redo
      </button>
      <span className="toolbar-sep" />
      <button
        type="button"
        className="btn ghost small"
        onClick={layout}
        disabled={!hasNodes}
        title="Arrange the nodes left to right"
        data-testid="auto-layout"
      >
        ⇶ Auto-layout
      </button>
      <button
        type="button"
        className="btn ghost small"
        onClick={() => rf.fitView({ padding: 0.2, duration: 300, maxZoom: 1.1 })}
        disabled={!hasNodes}
        title="Fit the pipeline in view"
        data-testid="fit-view"
      >
        ⤢ Fit
      </button>
      <span className="toolbar-sep" />
      <ShortcutsMenu />
    </Panel>
  );
}
