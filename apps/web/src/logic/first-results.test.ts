import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateDocument } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { whenResultsArrive } from './first-results';

const example = (name: string) => {
  const doc = validateDocument(
    JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../../examples', name), 'utf8')),
  );
  if (!doc.document) throw new Error(`${name} is invalid`);
  return { doc: doc.document, params: doc.params };
};

describe('whenResultsArrive', () => {
  it('says when a session window emits, with its gap, key and the watermark delay', () => {
    const { doc, params } = example('user-sessions.json');
    expect(whenResultsArrive(doc, 'session-table', params)).toBe(
      "A session closes after 3 s without events of its user, plus the watermark's 1 s delay for late events; its row appears then.",
    );
  });

  it("names a session's dynamic gap, looking past the running aggregate that only waits for the watermark", () => {
    const { doc, params } = example('nexmark/q4.json');
    expect(whenResultsArrive(doc, 'category-averages', params)).toBe(
      "A session closes after the gap each event gives (lifetime) without events of its auction, plus the watermark's 200 ms delay for late events; its row appears then.",
    );
  });

  it('mentions early results of a sliding window', () => {
    const { doc, params } = example('page-counts.json');
    expect(whenResultsArrive(doc, 'page-table', params)).toBe(
      "A 1 min window (one every 10 s) is emitted once event time has passed its end, plus the watermark's 2 s delay for late events. Early results show every 1 s before that.",
    );
  });

  it('explains a pattern, and says nothing where nothing holds results back', () => {
    expect(
      whenResultsArrive(
        example('brute-force-logins.json').doc,
        'alerts',
        example('brute-force-logins.json').params,
      ),
    ).toMatch(/^A row appears when the pattern matches/);
    const { doc, params } = example('trades-to-file.json');
    expect(whenResultsArrive(doc, 'trades-file', params)).toBeUndefined();
  });
});
