import { previewRun, runPipelineTests } from '@eventide/engine';
import { PipelineDocumentSchema } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { draftTest, GENERATED_EVENTS_IN_A_TEST } from './draft-test';

const doc = PipelineDocumentSchema.parse({
  version: 2,
  name: 'capture',
  nodes: [
    { id: 'gen', kind: 'source.generator', params: { preset: 'sensors', seed: 4, keyCardinality: 3 } },
    { id: 'ingest', kind: 'source.http-ingest', params: {} },
    { id: 'u', kind: 'transform.union', params: {} },
    { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 0 } },
    {
      id: 'w',
      kind: 'window.tumbling',
      params: { sizeMs: 2000, keyBy: ['sensor'], aggregations: [{ name: 'n', fn: 'count' }] },
    },
    { id: 'out', kind: 'sink.table', params: {} },
  ],
  edges: [
    { id: 'e1', source: 'gen', target: 'u' },
    { id: 'e2', source: 'ingest', target: 'u' },
    { id: 'e3', source: 'u', target: 'time' },
    { id: 'e4', source: 'time', target: 'w' },
    { id: 'e5', source: 'w', target: 'out' },
  ],
});
const preview = (d: typeof doc, samples: Record<string, Record<string, unknown>[]>, rowsPerPort: number) =>
  previewRun(d, { samples, rowsPerPort });

describe('draftTest', () => {
  it('turns the preview into a test that passes now and fails after a parameter change', async () => {
    const samples = { ingest: [{ sensor: 'x', temperature: 1, ts: 500 }] };
    const current = await previewRun(doc, { samples });
    const draft = await draftTest(doc, 'windows', samples, { ingest: 'pasted' }, current, preview);
    if (!draft.ok) throw new Error(draft.error);
    expect(draft.origins).toEqual({
      gen: `the first ${GENERATED_EVENTS_IN_A_TEST} generated events`,
      ingest: 'pasted',
    });
    expect(Object.keys(draft.test.expect)).toEqual(['out']);
    const withTest = PipelineDocumentSchema.parse({ ...doc, tests: [draft.test] });
    expect((await runPipelineTests(withTest)).map((r) => r.passed)).toEqual([true]);
    const changed = {
      ...withTest,
      nodes: withTest.nodes.map((n) => (n.id === 'w' ? { ...n, params: { ...n.params, sizeMs: 4000 } } : n)),
    };
    expect((await runPipelineTests(changed)).map((r) => r.passed)).toEqual([false]);
  });

  it('refuses a source without samples that cannot produce events itself', async () => {
    const current = await previewRun(doc);
    const draft = await draftTest(doc, 't', {}, {}, current, preview);
    expect(draft).toEqual({
      ok: false,
      error: 'source ingest has no sample events: give it some in the preview',
    });
  });
});
