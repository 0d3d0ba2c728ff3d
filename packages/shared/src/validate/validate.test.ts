import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatIssue } from './issues.js';
import { validateDocument } from './validate.js';

const node = (id: string, kind: string, params: Record<string, unknown> = {}) => ({
  id,
  kind,
  params,
  position: { x: 0, y: 0 },
});
const edge = (id: string, source: string, target: string, sourcePort = 'out', targetPort = 'in') => ({
  id,
  source,
  sourcePort,
  target,
  targetPort,
});
const doc = (nodes: unknown[], edges: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  version: 1,
  name: 't',
  nodes,
  edges,
  ...extra,
});

/** generator(sensors) -> assign-timestamps -> given node(s) */
const timed = (tail: unknown[], tailEdges: unknown[]) =>
  doc(
    [
      node('src', 'source.generator', { preset: 'sensors' }),
      node('time', 'time.assign-timestamps', { timestamp: 'ts' }),
      ...tail,
    ],
    [edge('e-src', 'src', 'time'), ...tailEdges],
  );

const messages = (input: unknown) => validateDocument(input).errors.map(formatIssue);

describe('validateDocument', () => {
  test('the examples are valid', () => {
    const dir = new URL('../../../../examples/', import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(20); // 5 examples and the Nexmark queries
    for (const f of files) {
      const r = validateDocument(JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
      expect(r.errors.map(formatIssue), f).toEqual([]);
    }
  });

  test('misspelled kind, negative window size and edge to a missing node are all named', () => {
    const errors = messages(
      doc(
        [
          node('src', 'source.genrator'),
          node('w', 'window.tumbling', { sizeMs: -1, timeMode: 'processing' }),
        ],
        [edge('e1', 'src', 'w'), edge('e2', 'w', 'nowhere')],
      ),
    );
    expect(errors).toContain(
      'node src: kind: unknown kind "source.genrator" (did you mean "source.generator"?)',
    );
    expect(errors).toContain('node w: params.sizeMs: must be at least 1 ms');
    expect(errors).toContain('edge e2: target: no node "nowhere"');
  });

  test('structure errors name the node or the document', () => {
    expect(messages({ version: 1, name: 'x', nodes: [{ id: 'bad id!', kind: 'x' }] })[0]).toMatch(
      /^node bad id!: id: /,
    );
    expect(messages({ version: 1, nodes: [] })).toEqual([expect.stringMatching(/^document: name: /)]);
    expect(messages('nope')).toEqual(['document: a pipeline document is a JSON object']);
    expect(messages({ version: 99, name: 'x', nodes: [] })).toEqual([
      'document: version: 99 is newer than this Eventide (reads up to 2)',
    ]);
  });

  test('duplicate node and edge ids', () => {
    const errors = messages(
      doc(
        [node('a', 'source.generator'), node('a', 'sink.console'), node('c', 'sink.console')],
        [edge('e', 'a', 'c'), edge('e', 'a', 'c')],
      ),
    );
    expect(errors).toContain('node a: id: duplicate node id "a"');
    expect(errors).toContain('edge e: id: duplicate edge id "e"');
  });

  test('ports: unknown ports, type mismatch, duplicate edges, second edge into a single port', () => {
    const errors = messages(
      doc(
        [
          node('g', 'source.generator'),
          node('g2', 'source.generator'),
          node('b', 'transform.micro-batch'),
          node('f', 'transform.filter'),
          node('k', 'sink.console'),
        ],
        [
          edge('e1', 'g', 'b'),
          edge('e2', 'b', 'f'),
          edge('e3', 'g', 'f', 'nope'),
          edge('e4', 'g', 'k', 'out', 'input'),
          edge('e5', 'g', 'k'),
          edge('e6', 'g', 'k'),
          edge('e7', 'g2', 'k'),
        ],
      ),
    );
    expect(errors).toContain('edge e2: targetPort: port "in" of "f" takes events, but "b".out gives batches');
    expect(errors).toContain('edge e3: sourcePort: source.generator "g" has no output port "nope"');
    expect(errors).toContain('edge e4: targetPort: sink.console "k" has no input port "input"');
    expect(errors).toContain('edge e6: duplicate of another edge from g.out to k.in');
    expect(errors).toContain(
      'edge e7: targetPort: port "in" of "k" already has an edge from "g"; merge streams with a union node',
    );
    expect(errors).toContain('node f: inputs.in: input "in" is not connected');
  });

  test('micro-batches may go into a file sink', () => {
    const r = validateDocument(
      doc(
        [node('g', 'source.generator'), node('b', 'transform.micro-batch'), node('f', 'sink.file')],
        [edge('e1', 'g', 'b'), edge('e2', 'b', 'f')],
      ),
    );
    expect(r.errors).toEqual([]);
  });

  test('cycles', () => {
    const errors = messages(
      doc(
        [node('u', 'transform.union'), node('f', 'transform.filter'), node('g', 'source.generator')],
        [edge('e1', 'g', 'u'), edge('e2', 'u', 'f'), edge('e3', 'f', 'u')],
      ),
    );
    expect(errors).toContain('document: edges: the graph has a cycle through "u", "f"');
  });

  test('expressions: parse errors with position, unknown fields, non-boolean conditions', () => {
    const r = validateDocument(
      timed(
        [
          node('f', 'transform.filter', { condition: 'temperatur > 30' }),
          node('g', 'transform.filter', { condition: 'temperature >' }),
          node('m', 'transform.filter', { condition: 'sensor' }),
        ],
        [edge('e1', 'time', 'f'), edge('e2', 'time', 'g'), edge('e3', 'time', 'm')],
      ),
    );
    const f = r.errors.find((e) => e.node === 'f')!;
    expect(f.path).toBe('params.condition');
    expect(f.message).toContain('temperatur');
    expect(f.message).toContain('temperature');
    expect([f.start, f.end]).toEqual([0, 10]);
    const g = r.errors.find((e) => e.node === 'g')!;
    expect(g.path).toBe('params.condition');
    expect(g.start).toBeGreaterThanOrEqual(12);
    expect(r.errors.find((e) => e.node === 'm')?.message).toMatch(/bool/);
  });

  test('field names in params are checked against the inferred schema', () => {
    const errors = messages(
      timed(
        [
          node('w', 'window.tumbling', {
            keyBy: ['sensr'],
            aggregations: [
              { name: 'a', fn: 'avg', field: 'temperature' },
              { name: 'hottest', fn: 'max_by', field: 'sensor', by: 'temprature' },
            ],
          }),
          node('c', 'sink.line-chart', { y: ['avg'] }),
        ],
        [edge('e1', 'time', 'w'), edge('e2', 'w', 'c')],
      ),
    );
    expect(errors).toContain(
      'node w: params.keyBy.0: unknown field "sensr" (did you mean "sensor"?); the input has sensor, temperature, humidity, ts',
    );
    expect(errors.some((e) => e.startsWith('node c: params.y.0: unknown field "avg"'))).toBe(true);
    expect(
      errors.some((e) =>
        e.startsWith(
          'node w: params.aggregations.1.by: unknown field "temprature" (did you mean "temperature"?)',
        ),
      ),
    ).toBe(true);
  });

  test('windows need event time unless they say processing time', () => {
    const noTime = (timeMode: string) =>
      doc(
        [node('g', 'source.generator'), node('w', 'window.tumbling', { timeMode })],
        [edge('e1', 'g', 'w')],
      );
    expect(messages(noTime('event'))).toEqual([
      'node w: params.timeMode: needs event time: add an assign-timestamps node upstream, or set timeMode to "processing"',
    ]);
    const r = validateDocument(noTime('processing'));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      'no assign-timestamps node: this pipeline runs in processing time',
    ]);
  });

  test('dashboard panels must point at dashboard sinks', () => {
    const errors = messages(
      doc([node('g', 'source.generator'), node('k', 'sink.console')], [edge('e', 'g', 'k')], {
        dashboard: { panels: [{ node: 'k' }, { node: 'zz' }] },
      }),
    );
    expect(errors).toContain(
      'document: layout.dashboard.panels.0.node: "k" is a sink.console, not a dashboard sink',
    );
    expect(errors).toContain('document: layout.dashboard.panels.1.node: no node "zz"');
  });

  test('CEP conditions may refer to earlier steps, not later ones', () => {
    const steps = [
      { name: 'a', condition: 'type == "fail" && size(b) == 0' },
      { name: 'b', condition: 'ip == a[0].ip' },
    ];
    const errors = messages(
      doc(
        [
          node('src', 'source.generator', { preset: 'logins' }),
          node('time', 'time.assign-timestamps'),
          node('p', 'cep.pattern', { steps, key: 'user' }),
        ],
        [edge('e0', 'src', 'time'), edge('e1', 'time', 'p')],
      ),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^node p: params\.steps\.0\.condition: unknown .*"b"/);
  });

  test('fuzzed documents validate or give errors, never throw', () => {
    const kinds = [
      'source.generator',
      'window.tumbling',
      'transform.filter',
      'cep.pattern',
      'sink.table',
      'nope',
      'transform.route',
    ];
    const anyParams = fc.dictionary(
      fc.constantFrom('sizeMs', 'condition', 'keyBy', 'steps', 'aggregations', 'routes', 'preset'),
      fc.anything(),
    );
    const fuzzNode = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd'),
      kind: fc.constantFrom(...kinds),
      params: anyParams,
    });
    const fuzzEdge = fc.record({
      id: fc.string({ maxLength: 3 }),
      source: fc.constantFrom('a', 'b', 'c', 'x'),
      target: fc.constantFrom('a', 'b', 'c', 'x'),
      sourcePort: fc.constantFrom('out', 'late', 'zz'),
      targetPort: fc.constantFrom('in', 'left'),
    });
    const fuzzDoc = fc.oneof(
      fc.anything(),
      fc.record({
        version: fc.constantFrom(1, 2, 0, '1'),
        name: fc.string(),
        nodes: fc.array(fuzzNode, { maxLength: 5 }),
        edges: fc.array(fuzzEdge, { maxLength: 6 }),
      }),
    );
    fc.assert(
      fc.property(fuzzDoc, (d) => {
        const r = validateDocument(d);
        expect(r.ok).toBe(r.errors.length === 0);
        for (const e of r.errors) expect(typeof formatIssue(e)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});
