import { useEffect, useRef, useState } from 'react';
import { saveReviewedTest } from '../../live/test-actions';
import { useTestStore } from '../../stores/test-store';

const ROWS_SHOWN = 3;

/** Review of a test made from the preview: its input per source and expected rows per output, then save. */
export function SaveTestDialog() {
  const review = useTestStore((s) => s.review);
  const [name, setName] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!review) return;
    setName(review.test.name);
    input.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && useTestStore.getState().setReview(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [review]);
  if (!review) return null;
  const { test, origins } = review;
  return (
    <div className="modal-backdrop">
      <div
        className="modal wide"
        role="dialog"
        aria-labelledby="save-test-title"
        data-testid="save-test-dialog"
      >
        <h2 id="save-test-title">Save as test</h2>
        <p className="modal-hint">
          The preview's input becomes the test's input, and what the pipeline makes of it now becomes the
          expected output. Check the rows below: a test pins behaviour, right or wrong.
        </p>
        <label className="field-label" htmlFor="test-name">
          Name
        </label>
        <input
          id="test-name"
          ref={input}
          className="text-input"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="test-name"
        />
        <h4 className="section-title">Input</h4>
        <ul className="review-list">
          {Object.entries(test.inputs ?? {}).map(([node, src]) => (
            <li key={node}>
              <code>{node}</code>: {'events' in src ? src.events.length : 0} events ({origins[node]})
            </li>
          ))}
        </ul>
        <h4 className="section-title">Expected output</h4>
        <ul className="review-list" data-testid="test-expected">
          {Object.entries(test.expect).map(([target, exp]) => {
            const rows = 'events' in exp ? exp.events : [];
            return (
              <li key={target}>
                <code>{target}</code>: {rows.length} rows
                {rows.slice(0, ROWS_SHOWN).map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed preview of rows
                  <pre key={i} className="review-row">
                    {JSON.stringify(r)}
                  </pre>
                ))}
              </li>
            );
          })}
        </ul>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={() => useTestStore.getState().setReview(null)}>
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={name.trim() === ''}
            onClick={() => saveReviewedTest(name.trim())}
            data-testid="test-save"
          >
            Save test
          </button>
        </div>
      </div>
    </div>
  );
}
