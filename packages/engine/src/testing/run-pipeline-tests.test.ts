import type { PipelineDocumentInput } from '@eventide/shared';
import { PipelineDocumentSchema } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { describeTestResult } from './describe-test-result.js';
import { runPipelineTest, runPipelineTests } from './run-pipeline-tests.js';

const readings = [
  { sensor: 's1', temperature: 20, ts: 0 },
  { sensor: 's1', temperature: 22, ts: 1000 },
  { sensor: 's2', temperature: 5, ts: 2000 },
  { sensor: 's1', temperature: 30, ts: 5000 },
];

function pipeline(sizeMs: number, tests: PipelineDocumentInput['tests']) {
  return PipelineDocumentSchema.parse({
    version: 2,
    name: 'averages',
    nodes: [
      { id: 'in', kind: 'source.http-ingest', params: { fields: [] } },
      { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 0 } },
      {
        id: 'w',
        kind: 'window.tumbling',
        params: {
          sizeMs,
          keyBy: ['sensor'],
          aggregations: [{ name: 'avg', fn: 'avg', field: 'temperature' }],
        },
      },
      { id: 'out', kind: 'sink.table', params: {} },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'time' },
      { id: 'e2', source: 'time', target: 'w' },
      { id: 'e3', source: 'w', target: 'out' },
    ],
    tests,
  });
}

const expected: Record<string, unknown>[] = [
  { sensor: 's1', window_start: 0, window_end: 5000, window_fire: 'final', avg: 21 },
  { sensor: 's2', window_start: 0, window_end: 5000, window_fire: 'final', avg: 5 },
  { sensor: 's1', window_start: 5000, window_end: 10000, window_fire: 'final', avg: 30 },
];

describe('runPipelineTest', () => {
  it('passes when the sink receives the expected rows', async () => {
    const doc = pipeline(5000, [
      { name: 'averages', inputs: { in: { events: readings } }, expect: { out: { events: expected } } },
    ]);
    const [result] = await runPipelineTests(doc);
    expect(result).toMatchObject({ name: 'averages', passed: true });
    expect(describeTestResult(result!)).toEqual(['✓ averages']);
  });

  it('fails after a parameter change, with a diff naming the sink, rows and fields', async () => {
    const doc = pipeline(10_000, [
      { name: 'averages', inputs: { in: { events: readings } }, expect: { out: { events: expected } } },
    ]);
    const result = await runPipelineTest(doc, doc.tests![0]!);
    expect(result.passed).toBe(false);
    const diff = result.outputs[0]!.diff;
    expect(diff).toMatchObject({ expectedCount: 3, actualCount: 2 });
    expect(diff.changed.map((c) => c.fields.map((f) => f.path))).toEqual([
      ['window_end', 'avg'],
      ['window_end'],
    ]);
    expect(diff.missing.map((m) => m.row)).toEqual([expected[2]]);
    const text = describeTestResult(result).join('\n');
    expect(text).toContain('✗ averages');
    expect(text).toContain('out: 1 missing, 2 changed (expected 3 rows, got 2)');
    expect(text).toContain('~ row 1: window_end: expected 5000, got 10000; avg: expected 21, got 24');
  });

  it('reads file inputs and expectations through the host, and reports what it cannot read', async () => {
    const files: Record<string, object[]> = { 'in.jsonl': readings, 'out.jsonl': expected };
    const doc = pipeline(5000, [
      { name: 'from files', inputs: { in: { file: 'in.jsonl' } }, expect: { out: { file: 'out.jsonl' } } },
      { name: 'missing file', inputs: { in: { file: 'nope.jsonl' } }, expect: { out: { events: [] } } },
    ]);
    const results = await runPipelineTests(doc, {
      readEvents: async (name) => {
        const rows = files[name];
        if (!rows) throw new Error(`no file ${name}`);
        return rows as Record<string, unknown>[];
      },
    });
    expect(results.map((r) => r.passed)).toEqual([true, false]);
    expect(results[1]!.error).toBe("cannot read the test's events: no file nope.jsonl");
  });

  it('compares as a multiset with a float tolerance when the test says so', async () => {
    const [first, second, third] = expected;
    const shuffled = [third!, first!, { ...second, avg: 5 * (1 + 1e-12) }];
    const doc = pipeline(5000, [
      {
        name: 'any order',
        inputs: { in: { events: readings } },
        expect: { out: { events: shuffled, match: 'unordered', tolerance: 1e-9 } },
      },
    ]);
    expect((await runPipelineTests(doc))[0]!.passed).toBe(true);
  });
});
