import { planParallel } from '@eventide/engine';
import { type PipelineDocumentInput, PipelineDocumentSchema } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { parallelPlanOf, stateProblem, tapNode, tapProblem } from './run-once.js';

const doc = (source: PipelineDocumentInput['nodes'][number]): PipelineDocumentInput => ({
  version: 2,
  name: 'placement',
  settings: { parallelism: 2 },
  nodes: [
    source,
    { id: 'time', kind: 'time.assign-timestamps', params: { timestamp: 'ts' } },
    {
      id: 'win',
      kind: 'window.tumbling',
      params: { keyBy: ['sensor'], sizeMs: 1000, aggregations: [{ fn: 'count', name: 'n' }] },
    },
    { id: 'sink', kind: 'sink.table', params: {} },
  ],
  edges: [
    { id: 'e1', source: 'src', target: 'time' },
    { id: 'e2', source: 'time', target: 'win' },
    { id: 'e3', source: 'win', target: 'sink' },
  ],
});
const edge = (d: PipelineDocumentInput, id: string) => {
  const e = d.edges?.find((x) => x.id === id);
  if (!e) throw new Error(id);
  return { sourcePort: 'out', targetPort: 'in', ...e };
};

describe('what a parallel run can observe from one thread', () => {
  it('taps at an end that runs once; refuses an edge between two split or keyed nodes', () => {
    // The generator splits: it and assign-timestamps run as 2 instances, like the window.
    const d = doc({ id: 'src', kind: 'source.generator', params: { preset: 'sensors' } });
    const plan = planParallel(d, 2);
    expect(tapNode(plan, edge(d, 'e1'))).toBeNull();
    expect(tapNode(plan, edge(d, 'e2'))).toBeNull();
    expect(tapNode(plan, edge(d, 'e3'))).toBe('sink');
    expect(tapProblem(plan, edge(d, 'e2'))).toContain('settings.parallelism');
    expect(tapProblem(plan, edge(d, 'e3'))).toBeNull();
    expect(stateProblem(plan, 'win')).toContain('runs as 2 instances');
    expect(stateProblem(plan, 'sink')).toBeNull();
  });

  it('a source that cannot split runs once: its edges into the keyed window are tapped at it', () => {
    const d = doc({ id: 'src', kind: 'source.http-ingest', params: {} });
    const plan = planParallel(d, 2);
    expect(tapNode(plan, edge(d, 'e2'))).toBe('time');
    expect(stateProblem(plan, 'time')).toBeNull();
  });

  it('plans a run only when its parallelism resolves to more than 1', () => {
    const d = doc({ id: 'src', kind: 'source.generator', params: {} });
    const at = (parallelism: number | 'auto') =>
      PipelineDocumentSchema.parse({ ...d, settings: { parallelism } });
    expect(parallelPlanOf(at(1), 8)).toBeNull();
    expect(parallelPlanOf(at('auto'), 1)).toBeNull();
    expect(parallelPlanOf(at('auto'), 4)?.parallelism).toBe(4);
    expect(parallelPlanOf(at(2), 1)?.parallelism).toBe(2);
  });
});
