import { formatIssue } from '@eventide/shared';
import { useValidation } from '../../logic/use-validation';
import { useDocumentStore } from '../../stores/document-store';
import { useEditorStore } from '../../stores/editor-store';

/** Nothing selected: the pipeline's description and every problem, each a click away from its node. */
export function PipelineOverview() {
  const validation = useValidation();
  const doc = useDocumentStore((s) => s.doc);
  return (
    <div className="inspector-overview" data-testid="pipeline-overview">
      <div className="pane-header">
        <span className="pane-title">Pipeline</span>
      </div>
      <div className="inspector-section">
        <p className="inspector-desc">
          {doc.description ?? 'Select a node to edit its parameters, or an edge to tap its events.'}
        </p>
        <p className="muted small">
          {doc.nodes.length} nodes · {doc.edges.length} edges · {doc.layout.dashboard.panels.length} dashboard
          panels
        </p>
      </div>
      {doc.nodes.length > 0 && (
        <div className="inspector-section">
          <h4 className="section-title">
            {validation.ok
              ? 'Ready to run'
              : `${validation.errors.length} problem${validation.errors.length > 1 ? 's' : ''}`}
          </h4>
          {validation.ok && <p className="ok-hint">The pipeline is valid. Press Run.</p>}
          <ul className="issue-list clickable">
            {validation.errors.map((e) => (
              <li key={formatIssue(e)}>
                <button
                  type="button"
                  onClick={() => e.node && useEditorStore.getState().select([e.node], [])}
                  disabled={!e.node}
                >
                  {formatIssue(e)}
                </button>
              </li>
            ))}
            {validation.warnings.map((w) => (
              <li key={formatIssue(w)} className="warning">
                {w.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
