import { useState } from 'react';
import { openDeployDialog } from '../../live/flink-actions';
import { useFlinkSql } from '../../logic/use-flink-sql';
import { useEditorStore } from '../../stores/editor-store';
import { FlinkIssueList } from './FlinkIssueList';

/**
 * The open pipeline's Flink SQL, recompiled as it is edited: refusals (also badged on the canvas)
 * and warnings first, each naming its node (click selects it), then the script.
 */
export function FlinkSqlPanel() {
  const result = useFlinkSql();
  const [copied, setCopied] = useState(false);
  if (!result) return null;
  const select = (node: string) => useEditorStore.getState().select([node], []);
  const copy = () => {
    void navigator.clipboard?.writeText(result.sql).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  const deployable = result.refusals.length === 0;
  return (
    <aside className="inspector flink-panel" data-testid="flink-panel" aria-label="Flink SQL">
      <div className="pane-header">
        <span>Flink SQL</span>
        <span className={`flink-verdict ${deployable ? 'ok' : 'refused'}`} data-testid="flink-verdict">
          {deployable ? 'translates' : `${result.refusals.length} refused`}
        </span>
        <button
          type="button"
          className="btn primary small"
          onClick={() => void openDeployDialog()}
          data-testid="flink-deploy"
          title="Submit this pipeline to a Flink session cluster"
        >
          Deploy to Flink…
        </button>
        <button type="button" className="btn ghost small" onClick={copy} data-testid="flink-copy">
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button
          type="button"
          className="btn ghost small"
          onClick={() => useEditorStore.getState().setFlinkOpen(false)}
          title="Close the Flink SQL panel"
        >
          ✕
        </button>
      </div>
      {(result.refusals.length > 0 || result.warnings.length > 0) && (
        <FlinkIssueList
          refusals={result.refusals}
          warnings={result.warnings}
          onSelect={select}
          testId="flink-issues"
        />
      )}
      <pre className="flink-sql" data-testid="flink-sql">
        {result.sql}
      </pre>
    </aside>
  );
}
