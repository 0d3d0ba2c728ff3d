import { describe, expect, it } from 'vitest';
import { formatIssue } from './issues.js';
import { validateDocument } from './validate.js';

const pipeline = (tests: unknown[], generatorParams: Record<string, unknown> = { preset: 'sensors' }) => ({
  version: 1,
  name: 'p',
  nodes: [
    { id: 'gen', kind: 'source.generator', params: generatorParams },
    { id: 'ingest', kind: 'source.http-ingest', params: {} },
    { id: 'u', kind: 'transform.union', params: {} },
    { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts' } },
    {
      id: 'w',
      kind: 'window.tumbling',
      params: { sizeMs: 1000, aggregations: [{ name: 'n', fn: 'count' }] },
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
  tests,
});

const errors = (doc: unknown) => validateDocument(doc).errors.map(formatIssue);
const allInputs = { gen: { events: [] }, ingest: { events: [] } };

describe("a document's tests", () => {
  it('validate when they name sources, sinks and side ports', () => {
    const doc = pipeline([
      { name: 'ok', inputs: allInputs, expect: { out: { events: [] }, 'w.late': { events: [] } } },
    ]);
    expect(errors(doc)).toEqual([]);
  });

  it('name the test and the path of what they point at wrongly', () => {
    const doc = pipeline([
      {
        name: 'bad',
        inputs: { ...allInputs, w: { events: [] }, ghost: { events: [] } },
        expect: {
          time: { events: [] },
          'w.out': { events: [] },
          'w.nope': { events: [] },
          out: { events: [] },
        },
      },
    ]);
    expect(errors(doc)).toEqual([
      'document: tests.0.inputs.w: test "bad": "w" is a window.tumbling, not a source',
      'document: tests.0.inputs.ghost: test "bad": no node "ghost"',
      'document: tests.0.expect.time: test "bad": "time" is a time.assign-timestamps: expect a sink, or one of its ports as "time.<port>"',
      'document: tests.0.expect.w.out: test "bad": expect the sinks fed by "w", or its late, error or timeout ports',
      'document: tests.0.expect.w.nope: test "bad": window.tumbling "w" has no output port "nope"',
    ]);
  });

  it('need inputs for every source that cannot end by itself', () => {
    const doc = pipeline([{ name: 'no inputs', expect: { out: { events: [] } } }]);
    expect(errors(doc)).toEqual([
      'document: tests.0.inputs: test "no inputs": source "gen" needs input events (only a generator with a limit runs by itself)',
      'document: tests.0.inputs: test "no inputs": source "ingest" needs input events (only a generator with a limit runs by itself)',
    ]);
    const bounded = pipeline(
      [{ name: 'gen runs', inputs: { ingest: { events: [] } }, expect: { out: { events: [] } } }],
      {
        preset: 'sensors',
        limit: 100,
      },
    );
    expect(errors(bounded)).toEqual([]);
  });

  it('have a shape: a name, events or a file, a match mode', () => {
    const doc = pipeline([{ name: '', expect: { out: { events: [], file: 'x.jsonl', match: 'sorted' } } }]);
    const messages = errors(doc);
    expect(messages.some((m) => m.startsWith('document: tests.0.name:'))).toBe(true);
    expect(messages.some((m) => m.startsWith('document: tests.0.expect.out'))).toBe(true);
  });
});
