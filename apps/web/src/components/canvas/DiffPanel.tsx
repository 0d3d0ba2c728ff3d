import type { FieldChange } from '@eventide/shared';
import { restoreVersion } from '../../live/version-actions';
import { useCompareStore } from '../../stores/compare-store';
import { useDocumentStore } from '../../stores/document-store';

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

function Change({ c }: { c: FieldChange }) {
  return (
    <li className="diff-field">
      <code>{c.path}</code> <span className="diff-before">{show(c.before)}</span> →{' '}
      <span className="diff-after">{show(c.after)}</span>
    </li>
  );
}

const MARK = { added: '+', removed: '−', changed: '~' } as const;

/**
 * The canvas compared with a version: counts, then each node and edge that differs (removed ones are
 * only here, the canvas shows what exists now), a changed node's params field by field.
 */
export function DiffPanel() {
  const comparison = useCompareStore((s) => s.comparison);
  const close = useCompareStore((s) => s.close);
  const pipelineId = useDocumentStore((s) => s.pipelineId);
  if (!comparison) return null;
  const { diff, label, version } = comparison;
  const count = (status: string) =>
    diff.nodes.filter((n) => n.status === status).length +
    diff.edges.filter((e) => e.status === status).length;
  const same = diff.nodes.length === 0 && diff.edges.length === 0 && diff.document.length === 0;
  return (
    <aside className="diff-panel" data-testid="diff-panel" aria-label="Differences">
      <header>
        <div>
          <strong>Canvas vs {label}</strong>
          <div className="diff-counts">
            <span className="diff-added">+{count('added')} added</span>
            <span className="diff-removed">−{count('removed')} removed</span>
            <span className="diff-changed">~{count('changed')} changed</span>
            {diff.layout.moved.length > 0 && <span>{diff.layout.moved.length} moved</span>}
          </div>
        </div>
        <button
          type="button"
          className="btn ghost"
          onClick={close}
          data-testid="diff-close"
          title="Stop comparing"
        >
          ✕
        </button>
      </header>
      {same && (
        <p className="menu-note">
          Same logic{diff.layout.moved.length > 0 ? '; only the layout differs' : ''}.
        </p>
      )}
      <ul className="diff-list">
        {diff.document.map((c) => (
          <li key={`doc-${c.path}`} className="diff-item changed">
            ~ document <Change c={c} />
          </li>
        ))}
        {diff.nodes.map((n) => (
          <li key={`n-${n.id}`} className={`diff-item ${n.status}`} data-testid={`diff-node-${n.id}`}>
            <span className="diff-mark">{MARK[n.status]}</span> node <strong>{n.id}</strong>{' '}
            <span className="diff-kind">{n.kind}</span>
            {n.changes.length > 0 && (
              <ul>
                {n.changes.map((c) => (
                  <Change key={c.path} c={c} />
                ))}
              </ul>
            )}
          </li>
        ))}
        {diff.edges.map((e) => (
          <li key={`e-${e.id}`} className={`diff-item ${e.status}`} data-testid={`diff-edge-${e.id}`}>
            <span className="diff-mark">{MARK[e.status]}</span> edge {e.id}{' '}
            <span className="diff-kind">{e.route}</span>
          </li>
        ))}
      </ul>
      {version !== undefined && pipelineId && (
        <footer>
          <button
            type="button"
            className="btn"
            data-testid="restore-version"
            onClick={() => void restoreVersion(pipelineId, version)}
            title="Make this version the current document again; it is saved as a new version"
          >
            Restore version {version}
          </button>
        </footer>
      )}
    </aside>
  );
}
