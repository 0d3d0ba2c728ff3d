import type { FlinkTarget } from '@eventide/shared';
import { deployToFlink } from '../../live/flink-actions';
import { flinkSqlOf } from '../../logic/use-flink-sql';
import { useDocumentStore } from '../../stores/document-store';
import { useEditorStore } from '../../stores/editor-store';
import { useFlinkStore } from '../../stores/flink-store';
import { useDialogFocus } from '../common/use-dialog-focus';
import { FlinkIssueList } from './FlinkIssueList';

const FIELDS: { key: keyof FlinkTarget; label: string; hint: string }[] = [
  { key: 'flinkUrl', label: 'Flink REST', hint: 'JobManager REST endpoint: job state and cancel' },
  { key: 'gatewayUrl', label: 'SQL Gateway', hint: 'Flink SQL Gateway REST endpoint: submits the script' },
  { key: 'kafka', label: 'Kafka', hint: 'Bootstrap servers of the dashboard result topics' },
];

/**
 * "Deploy to Flink": the script that will be submitted, what does not translate (also badged on the
 * canvas; a click selects the node), the target, and Deploy.
 */
export function DeployDialog() {
  const open = useFlinkStore((s) => s.dialogOpen);
  const target = useFlinkStore((s) => s.target);
  const deploying = useFlinkStore((s) => s.deploying);
  const error = useFlinkStore((s) => s.error);
  const doc = useDocumentStore((s) => s.doc);
  const close = useFlinkStore((s) => s.closeDialog);
  useDialogFocus(open, null, close);
  if (!open) return null;
  const result = flinkSqlOf(doc);
  const refused = result.refusals.length > 0;
  const topics = Object.entries(result.resultTopics);
  const select = (node: string) => {
    useEditorStore.getState().select([node], []);
    close();
  };
  return (
    <div className="modal-backdrop">
      <div
        className="modal wide deploy-modal"
        role="dialog"
        aria-labelledby="deploy-title"
        data-testid="deploy-dialog"
      >
        <h2 id="deploy-title">Deploy “{doc.name}” to Flink</h2>
        <p className="modal-hint">
          The pipeline runs as one Flink SQL job on your session cluster. Each dashboard panel's rows come
          back through a Kafka result topic, so the dashboard stays the same.
        </p>
        {refused ? (
          <div className="deploy-refusals" data-testid="deploy-refusals">
            <strong>
              {result.refusals.length} part{result.refusals.length > 1 ? 's' : ''} of this pipeline do not
              translate to Flink SQL
            </strong>{' '}
            — they are badged on the canvas.
            <FlinkIssueList refusals={result.refusals} onSelect={select} />
          </div>
        ) : (
          topics.length > 0 && (
            <p className="deploy-topics" data-testid="deploy-topics">
              Dashboard feeds:{' '}
              {topics.map(([node, topic], i) => (
                <span key={node}>
                  {i > 0 && ', '}
                  <strong>{node}</strong> ← <code>{topic}</code>
                </span>
              ))}
            </p>
          )
        )}
        <div className="deploy-target">
          {FIELDS.map((f) => (
            <label key={f.key} className="deploy-field" title={f.hint}>
              <span>{f.label}</span>
              <input
                type="text"
                spellCheck={false}
                value={target?.[f.key] ?? ''}
                disabled={!target}
                data-testid={`deploy-${f.key}`}
                onChange={(e) =>
                  target && useFlinkStore.getState().setTarget({ ...target, [f.key]: e.target.value })
                }
              />
            </label>
          ))}
        </div>
        <details className="deploy-sql" open={!refused}>
          <summary>Flink SQL ({result.sql.split('\n').length} lines)</summary>
          <pre className="flink-sql" data-testid="deploy-sql">
            {result.sql}
          </pre>
        </details>
        {error && (
          <pre className="deploy-error" data-testid="deploy-error">
            {error}
          </pre>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={close} data-testid="deploy-close">
            Close
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={refused || deploying || !target}
            onClick={() => void deployToFlink()}
            data-testid="deploy-confirm"
            title={
              refused ? 'Fix or replace the refused nodes first' : 'Save, then submit to the SQL Gateway'
            }
          >
            {deploying ? 'Deploying…' : 'Deploy'}
          </button>
        </div>
      </div>
    </div>
  );
}
