import type { PreviewResult } from '@eventide/engine';
import { getKind, type PipelineDocument, type PipelineTestInput, portsOf } from '@eventide/shared';

type Event = Record<string, unknown>;

/** Generated events a new test takes from each generator: enough to exercise it, small to read. */
export const GENERATED_EVENTS_IN_A_TEST = 200;
/** Rows a test may expect per output: more is a sample too big to review. */
export const MAX_EXPECTED_ROWS = 10_000;

export type TestDraft =
  | { ok: true; test: PipelineTestInput; origins: Record<string, string> }
  | { ok: false; error: string };

/**
 * "Save as test": the preview's input becomes the test's input (each source's sample, or the first
 * events a generator produced), and what the pipeline makes of it now becomes the expected output
 * of every sink and of every late, error or timeout port that received something. The person
 * reviews it before it is saved.
 */
export async function draftTest(
  doc: PipelineDocument,
  name: string,
  samples: Record<string, Event[]>,
  sampleOrigins: Record<string, string>,
  current: PreviewResult,
  preview: (
    doc: PipelineDocument,
    samples: Record<string, Event[]>,
    rowsPerPort: number,
  ) => Promise<PreviewResult>,
): Promise<TestDraft> {
  if (!current.ok) return { ok: false, error: 'the preview has no results: fix the pipeline first' };
  const inputs: Record<string, Event[]> = {};
  const origins: Record<string, string> = {};
  for (const node of doc.nodes) {
    if (getKind(node.kind)?.category !== 'source') continue;
    const sample = samples[node.id];
    if (sample) {
      inputs[node.id] = sample;
      origins[node.id] = sampleOrigins[node.id] ?? 'sample';
    } else if (node.kind === 'source.generator') {
      inputs[node.id] = (current.ports[node.id]?.out?.rows ?? []).slice(0, GENERATED_EVENTS_IN_A_TEST);
      origins[node.id] = `the first ${inputs[node.id]!.length} generated events`;
    } else return { ok: false, error: `source ${node.id} has no sample events: give it some in the preview` };
  }
  const run = await preview(doc, inputs, MAX_EXPECTED_ROWS + 1);
  if (!run.ok) return { ok: false, error: 'failure' in run ? run.failure : 'the pipeline is invalid' };
  const expect: PipelineTestInput['expect'] = {};
  for (const node of doc.nodes) {
    const spec = getKind(node.kind);
    if (!spec) continue;
    const targets =
      spec.category === 'sink'
        ? [{ target: node.id, port: 'in' }]
        : portsOf(node.kind, node.params)
            .outputs.filter((p) => p.role !== 'main')
            .map((p) => ({ target: `${node.id}.${p.id}`, port: p.id }));
    for (const { target, port } of targets) {
      const got = run.ports[node.id]?.[port];
      if (!got || (spec.category !== 'sink' && got.count === 0)) continue;
      if (got.count > MAX_EXPECTED_ROWS)
        return {
          ok: false,
          error: `${target} gets ${got.count} rows: use a smaller sample (at most ${MAX_EXPECTED_ROWS})`,
        };
      expect[target] = { events: got.rows };
    }
  }
  return {
    ok: true,
    test: {
      name,
      inputs: Object.fromEntries(Object.entries(inputs).map(([id, events]) => [id, { events }])),
      expect,
    },
    origins,
  };
}
