import { Panel, useReactFlow } from '@xyflow/react';
import type { ReactNode } from 'react';
import { runTests } from '../../live/test-actions';
import { autoLayout } from '../../logic/auto-layout';
import { useDocumentStore } from '../../stores/document-store';
import { usePreviewStore } from '../../stores/preview-store';
import { useTestStore } from '../../stores/test-store';
import { ShortcutsMenu } from './ShortcutsMenu';

type Sizes = ReadonlyMap<string, { width: number; height: number }>;

export function CanvasToolbar({ sizes }: { sizes: Sizes }) {
  const rf = useReactFlow();
  const canUndo = useDocumentStore((s) => s.history.past.length > 0);
  const canRedo = useDocumentStore((s) => s.history.future.length > 0);
  const hasNodes = useDocumentStore((s) => s.doc.nodes.length > 0);
  const previewOpen = usePreviewStore((s) => s.open);
  const hasTests = useDocumentStore((s) => (s.doc.tests?.length ?? 0) > 0);
  const fit = () => rf.fitView({ padding: 0.2, duration: 300, maxZoom: 1.1 });
  // After a layout, text stays readable (node text is ~11 px): a wide graph scrolls instead of shrinking.
  const layout = () => {
    const store = useDocumentStore.getState();
    store.moveNodes(autoLayout(store.doc, sizes));
    requestAnimationFrame(() => rf.fitView({ padding: 0.2, duration: 300, maxZoom: 1.1, minZoom: 0.8 }));
  };
  return (
    <Panel position="top-left" className="canvas-toolbar">
      <ToolButton
        testId="undo"
        title="Undo (Ctrl+Z)"
        disabled={!canUndo}
        onClick={() => useDocumentStore.getState().undo()}
      >
        ↶ Undo
      </ToolButton>
      <ToolButton
        testId="redo"
        title="Redo (Ctrl+Shift+Z)"
        disabled={!canRedo}
        onClick={() => useDocumentStore.getState().redo()}
      >
        ↷ Redo
      </ToolButton>
      <span className="toolbar-sep" />
      <ToolButton
        testId="auto-layout"
        title="Arrange the nodes left to right"
        disabled={!hasNodes}
        onClick={layout}
      >
        ⇶ Auto-layout
      </ToolButton>
      <ToolButton testId="fit-view" title="Fit the pipeline in view" disabled={!hasNodes} onClick={fit}>
        ⤢ Fit
      </ToolButton>
      <span className="toolbar-sep" />
      <ToolButton
        testId="preview-toggle"
        title="Run the pipeline on sample input in the browser, at every node, without pressing Run"
        disabled={!hasNodes}
        active={previewOpen}
        onClick={() => {
          usePreviewStore.getState().setOpen(!previewOpen);
          useTestStore.getState().setOpen(false);
        }}
      >
        ◉ Preview
      </ToolButton>
      <ToolButton
        testId="run-tests"
        title={
          hasTests
            ? "Run the pipeline's tests in the browser"
            : 'No tests yet: open the preview and Save as test'
        }
        disabled={!hasTests}
        onClick={() => void runTests()}
      >
        ✓ Tests
      </ToolButton>
      <span className="toolbar-sep" />
      <ShortcutsMenu />
    </Panel>
  );
}

function ToolButton(props: {
  testId: string;
  title: string;
  disabled: boolean;
  active?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`btn ghost small${props.active ? ' active' : ''}`}
      aria-pressed={props.active}
      onClick={props.onClick}
      disabled={props.disabled}
      title={props.title}
      data-testid={props.testId}
    >
      {props.children}
    </button>
  );
}
