import { describe, expect, it } from 'vitest';
import { exportText, importDocument } from './import-document';
import { NEXMARK_TEMPLATES, TEMPLATES } from './templates';

describe('import and export', () => {
  it('round-trips every template: export then import gives the same document', () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(5);
    expect(NEXMARK_TEMPLATES.map((t) => t.file)).toContain('nexmark-q5');
    for (const t of [...TEMPLATES, ...NEXMARK_TEMPLATES]) {
      const result = importDocument(exportText(t.document));
      expect(result.ok, t.file).toBe(true);
      if (result.ok) expect(result.document.nodes).toEqual(t.document.nodes);
    }
  });

  it('refuses non-JSON and invalid documents with reasons naming the node', () => {
    const notJson = importDocument('{ nope');
    expect(notJson.ok).toBe(false);
    const bad = importDocument(
      JSON.stringify({ version: 1, name: 'x', nodes: [{ id: 'a', kind: 'window.tumblin', params: {} }] }),
    );
    expect(bad).toEqual({
      ok: false,
      errors: ['node a: kind: unknown kind "window.tumblin" (did you mean "window.tumbling"?)'],
    });
  });
});
