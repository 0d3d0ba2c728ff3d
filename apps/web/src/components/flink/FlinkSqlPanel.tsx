import { useState } from 'react';
import { openDeployDialog } from '../../live/flink-actions';
import { useFlinkSql } from '../../logic/use-flink-sql';
import { useEditorStore } from '../../stores/editor-store';

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
        <ul className="flink-issues" data-testid="flink-issues">
          {result.refusals.map((r) => (
            <li key={`r-${r.node}-${r.path}-${r.reason}`} className="refusal">
              <button type="button" className="link" onClick={() => select(r.node)}>
                {r.node}
                {r.path ? ` · ${r.path}` : ''}
              </button>
              <span>{r.reason}</span>
            </li>
          ))}
          {result.warnings.map((w) => (
            <li key={`w-${w.node}-${w.path}-${w.reason}`} className="warning">
              <button type="button" className="link" onClick={() => select(w.node)}>
                {w.node}
                {w.path ? ` · ${w.path}` : ''}
              </button>
              <span>{w.reason}</span>
            </li>
          ))}
        </ul>
      )}
      <pre className="flink-sql" data-testid="flink-sql">
        {result.sql}
      </pre>
    </aside>
  );
}
