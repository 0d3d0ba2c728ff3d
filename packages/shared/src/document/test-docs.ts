import { loadDocument } from './load.js';
import type { PipelineDocument } from './schema.js';

/** A loaded document from a terse literal, for the tests of diff, merge and canonical form. */
export function testDocument(input: Record<string, unknown>): PipelineDocument {
  const r = loadDocument({ version: 2, name: 'p', ...input });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.document;
}

/** generator -> tumbling window -> filter -> table, the shape the diff and merge tests edit. */
export function windowPipeline(): PipelineDocument {
  return testDocument({
    nodes: [
      { id: 'gen', kind: 'source.generator', params: { preset: 'sensors', seed: 1 } },
      { id: 'ts', kind: 'time.assign-timestamps', params: {} },
      {
        id: 'win',
        kind: 'window.tumbling',
        params: { sizeMs: 5000, keyBy: ['sensor'], aggregations: [{ name: 'count', fn: 'count' }] },
      },
      { id: 'hot', kind: 'transform.filter', params: { condition: 'count > 2' } },
      { id: 'out', kind: 'sink.table', params: {} },
    ],
    edges: [
      { id: 'e1', source: 'gen', target: 'ts' },
      { id: 'e2', source: 'ts', target: 'win' },
      { id: 'e3', source: 'win', target: 'hot' },
      { id: 'e4', source: 'hot', target: 'out' },
    ],
    layout: {
      positions: {
        gen: { x: 0, y: 0 },
        ts: { x: 200, y: 0 },
        win: { x: 400, y: 0 },
        hot: { x: 600, y: 0 },
        out: { x: 800, y: 0 },
      },
      dashboard: { panels: [{ node: 'out', x: 0, y: 0, w: 6, h: 4 }] },
    },
  });
}

/** A copy of `doc` with node `id`'s params merged with `params`. */
export function editParams(
  doc: PipelineDocument,
  id: string,
  params: Record<string, unknown>,
): PipelineDocument {
  const out = structuredClone(doc);
  const n = out.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  n.params = { ...n.params, ...params };
  return out;
}
