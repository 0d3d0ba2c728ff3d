import { describeTestResult } from '@eventide/engine';
import { runTests } from '../../live/test-actions';
import { useDocumentStore } from '../../stores/document-store';
import { useTestStore } from '../../stores/test-store';

/** The results of the document's tests under the canvas: a line per test, the diff of each failing one. */
export function TestsPanel() {
  const open = useTestStore((s) => s.open);
  const running = useTestStore((s) => s.running);
  const results = useTestStore((s) => s.results);
  const stale = useTestStore((s) => s.resultsFor) !== useDocumentStore((s) => s.doc);
  if (!open) return null;
  const passed = results?.filter((r) => r.passed).length ?? 0;
  return (
    <section className="preview-panel" data-testid="tests-panel" aria-label="Tests">
      <header className="preview-head">
        <strong>Tests</strong>
        <span className="preview-status" data-testid="tests-summary">
          {running
            ? 'running…'
            : results
              ? `${passed} of ${results.length} passed${stale ? ' · the pipeline changed since' : ''}`
              : ''}
        </span>
        <span className="preview-spacer" />
        <button
          type="button"
          className="btn ghost small"
          onClick={() => void runTests()}
          data-testid="tests-rerun"
        >
          Run again
        </button>
        <button
          type="button"
          className="btn ghost small"
          onClick={() => useTestStore.getState().setOpen(false)}
          title="Close the test results"
        >
          ✕
        </button>
      </header>
      <div className="preview-body">
        {results?.length === 0 && (
          <p className="empty-hint">This pipeline has no tests yet: open the preview and Save as test.</p>
        )}
        {results?.map((r) => (
          <pre
            key={r.name}
            className={`test-result ${r.passed ? 'passed' : 'failed'}`}
            data-testid="test-result"
            data-passed={r.passed}
          >
            {describeTestResult(r).join('\n')}
          </pre>
        ))}
      </div>
    </section>
  );
}
