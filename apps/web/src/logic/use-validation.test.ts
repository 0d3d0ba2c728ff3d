import { describe, expect, it } from 'vitest';
import { TEMPLATES } from './templates';
import { sameSemantics, validationOf } from './use-validation';

const doc = TEMPLATES.find((t) => t.file === 'sensor-averages')!.document;

describe('validation cache', () => {
  it('reuses the verdict when only positions or panel places moved', () => {
    const moved = {
      ...doc,
      layout: {
        ...doc.layout,
        positions: Object.fromEntries(doc.nodes.map((n) => [n.id, { x: 5, y: 0 }])),
      },
    };
    const replaced = {
      ...doc,
      layout: {
        ...doc.layout,
        dashboard: { panels: doc.layout.dashboard.panels.map((p) => ({ ...p, x: 1 })) },
      },
    };
    expect(sameSemantics(doc, moved)).toBe(true);
    expect(sameSemantics(doc, replaced)).toBe(true);
    const first = validationOf(doc);
    expect(validationOf(moved)).toBe(first);
  });

  it('validates again when params, edges or kinds change', () => {
    const edited = {
      ...doc,
      nodes: doc.nodes.map((n) =>
        n.id === 'event-time' ? { ...n, params: { ...n.params, timestamp: 'tss' } } : n,
      ),
    };
    expect(sameSemantics(doc, edited)).toBe(false);
    expect(validationOf(doc).ok).toBe(true);
    expect(validationOf(edited).errors.map((e) => e.node)).toEqual(['event-time']);
    expect(sameSemantics(doc, { ...doc, edges: doc.edges.slice(1) })).toBe(false);
  });
});
