import { useDocumentStore } from '../../stores/document-store';
import { useEditorStore } from '../../stores/editor-store';
import { EdgeInspector } from './EdgeInspector';
import { NodeInspector } from './NodeInspector';
import { PipelineOverview } from './PipelineOverview';

/** The right pane: the selected node's params, the selected edge's tap, or the pipeline's health. */
export function Inspector() {
  const selectedNodes = useEditorStore((s) => s.selectedNodes);
  const selectedEdges = useEditorStore((s) => s.selectedEdges);
  const doc = useDocumentStore((s) => s.doc);
  const node = selectedNodes.length === 1 ? doc.nodes.find((n) => n.id === selectedNodes[0]) : undefined;
  const edge =
    selectedNodes.length === 0 && selectedEdges.length === 1
      ? doc.edges.find((e) => e.id === selectedEdges[0])
      : undefined;
  const many = selectedNodes.length + selectedEdges.length > 1;
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      {node ? (
        <NodeInspector key={node.id} node={node} />
      ) : edge ? (
        <EdgeInspector key={edge.id} edge={edge} />
      ) : many ? (
        <>
          <div className="pane-header">
            <span className="pane-title">
              {selectedNodes.length} nodes, {selectedEdges.length} edges selected
            </span>
          </div>
          <p className="empty-hint inspector-section">
            <kbd>Delete</kbd> removes them, <kbd>Ctrl</kbd>+<kbd>C</kbd> copies and <kbd>Ctrl</kbd>+
            <kbd>V</kbd> pastes them. Select one node to edit its parameters.
          </p>
        </>
      ) : (
        <PipelineOverview />
      )}
    </aside>
  );
}
