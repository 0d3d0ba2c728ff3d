import { describe, expect, it } from 'vitest';
import { compilePipeline, createMemorySource, InvalidPipelineError, runBounded } from '../src/index.js';
import { fixedClock, pipeline } from './helpers.js';

/** The nodes below, keeping only those the edges connect. */
const chainDoc = (edges: string[]) =>
  pipeline(
    [
      { id: 'src', kind: 'source.generator', params: { limit: 10 } },
      { id: 'f', kind: 'transform.filter', params: { condition: 'temperature > 0.0' } },
      { id: 'm', kind: 'transform.map', params: { fields: [{ name: 's', expr: 'sensor' }] } },
      { id: 'k', kind: 'transform.key-by', params: { fields: ['s'] } },
      { id: 'out', kind: 'sink.table' },
      { id: 'out2', kind: 'sink.table' },
    ].filter((n) => edges.some((e) => e.split(/->|\./).includes(n.id))),
    edges,
  );

describe('compilePipeline', () => {
  it('rejects an invalid document with issues naming the node and the param', () => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.generator', params: { ratePerSec: -1 } },
        { id: 'f', kind: 'transform.filter', params: { condition: 'temperature >' } },
        { id: 'out', kind: 'sink.table' },
      ],
      ['src->f', 'f->out'],
    );
    let error: unknown;
    try {
      compilePipeline(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPipelineError);
    const issues = (error as InvalidPipelineError).issues;
    expect(issues).toContainEqual(expect.objectContaining({ node: 'src', path: 'params.ratePerSec' }));
    expect((error as Error).message).toMatch(/node src: params.ratePerSec/);
  });

  it('fuses a chain of stateless nodes into one execution unit', () => {
    const compiled = compilePipeline(chainDoc(['src->f', 'f->m', 'm->k', 'k->out']));
    expect(compiled.plan.map((p) => (p.type === 'chain' ? p.nodes.map((n) => n.id) : p.type))).toEqual([
      'source',
      ['f', 'm', 'k'],
      'sink',
    ]);
  });

  it('tells each operator which of its outputs have an edge, unless the host watches them all', () => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.generator', params: { limit: 10 } },
        { id: 'f', kind: 'transform.filter', params: { condition: 'temperature > 0.0' } },
        { id: 'a', kind: 'sink.table' },
        { id: 'b', kind: 'sink.table' },
        { id: 'c', kind: 'sink.table' },
      ],
      ['src->f', 'f->a', 'f->b', 'f.error->c'],
    );
    expect(compilePipeline(doc).nodes.get('f')?.node.connectedOutputs).toEqual(['out', 'error']);
    expect(compilePipeline(doc).nodes.get('a')?.node.connectedOutputs).toEqual([]);
    expect(
      compilePipeline(doc, { watchesAllOutputs: true }).nodes.get('f')?.node.connectedOutputs,
    ).toBeUndefined();
  });

  it('does not fuse across a fan-out', () => {
    const compiled = compilePipeline(chainDoc(['src->f', 'f->m', 'f->out2', 'm->k', 'k->out']));
    const chains = compiled.plan.flatMap((p) => (p.type === 'chain' ? [p.nodes.map((n) => n.id)] : []));
    expect(chains).toEqual([['f'], ['m', 'k']]);
  });

  it('counts in, out and errors per node inside a fused chain', async () => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        { id: 'f', kind: 'transform.filter', params: { condition: 'x > 1' } },
        { id: 'm', kind: 'transform.map', params: { fields: [{ name: 'y', expr: '10 / x' }] } },
        { id: 'out', kind: 'sink.table' },
        { id: 'errors', kind: 'sink.event-log' },
      ],
      ['src->f', 'f->m', 'm->out', 'm.error->errors'],
    );
    const input = [{ x: 1 }, { x: 2 }, { x: 'a' }, { x: 5 }];
    const r = await runBounded(doc, { inputs: { src: input }, clock: fixedClock() });
    expect(r.outputs.out).toEqual([{ y: 5 }, { y: 2 }]);
    expect(r.metrics.nodes.f).toMatchObject({ in: 4, out: 2, errors: 1 });
    expect(r.metrics.nodes.m).toMatchObject({ in: 2, out: 2, errors: 0 });
    expect(r.outputs['f.error']).toEqual([{ x: 'a', error: expect.any(String) }]);
    expect(r.outputs.errors).toEqual([]);
  });

  it('refuses a host kind the host does not provide, unless a source override replaces it', () => {
    const doc = pipeline(
      [
        { id: 'in', kind: 'source.file-replay' },
        { id: 'out', kind: 'sink.file', params: { path: 'out.jsonl' } },
      ],
      ['in->out'],
    );
    expect(() => compilePipeline(doc)).toThrow(/node in: kind: cannot run source.file-replay/);
    const compiled = compilePipeline(doc, { sourceOverrides: { in: createMemorySource('in', []) } });
    // A sink kind without a host implementation collects in memory.
    expect(compiled.plan.find((p) => p.type === 'sink')).toMatchObject({ collecting: expect.anything() });
  });

  it('uses host sinks from sinkFor first, then sinks by kind', () => {
    const doc = chainDoc(['src->f', 'f->out', 'f->out2']);
    const written: string[] = [];
    const sink = (id: string) => ({ nodeId: id, write: () => void written.push(id) });
    const compiled = compilePipeline(doc, {
      sinkFor: (node) => (node.id === 'out' ? sink('from sinkFor') : undefined),
      sinks: { 'sink.table': (node) => sink(`by kind ${node.id}`) },
    });
    const sinks = compiled.plan.flatMap((p) => (p.type === 'sink' ? [p] : []));
    for (const s of sinks) s.sink.write([], []);
    expect(written).toEqual(['from sinkFor', 'by kind out2']);
  });
});
