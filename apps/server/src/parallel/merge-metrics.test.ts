import type { ParallelPlan } from '@eventide/engine';
import { emptyNodeMetrics, type NodeMetrics, type RunMetrics } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { mergeInstanceMetrics } from './merge-metrics.js';

const node = (over: Partial<NodeMetrics>): NodeMetrics => ({ ...emptyNodeMetrics(), ...over });
const run = (nodes: Record<string, NodeMetrics>, edges: Record<string, number>): RunMetrics => ({
  run: 'r',
  pipeline: 'p',
  state: 'running',
  startedAt: 0,
  timeMode: 'event',
  nodes,
  edges,
});

// src (once) -e1-> win (2 instances) -e2-> sink (once); e1 and e2 are cut edges, in both stages.
const plan: ParallelPlan = {
  parallelism: 2,
  stages: [
    { id: 's0', nodes: ['src'], parallelism: 1, sources: true },
    { id: 's1', nodes: ['win'], parallelism: 2, sources: false },
    { id: 's2', nodes: ['sink'], parallelism: 1, sources: false },
  ],
  exchanges: [
    {
      edge: { id: 'e1', source: 'src', sourcePort: 'out', target: 'win', targetPort: 'in' },
      from: 's0',
      to: 's1',
      route: { type: 'hash', key: ['k'] },
    },
    {
      edge: { id: 'e2', source: 'win', sourcePort: 'out', target: 'sink', targetPort: 'in' },
      from: 's1',
      to: 's2',
      route: { type: 'gather' },
    },
  ],
};

describe('mergeInstanceMetrics', () => {
  it('sums counts over instances, takes the least watermark and the worst latency, counts an edge once', () => {
    const merged = mergeInstanceMetrics(plan, [
      {
        stage: 's0',
        index: 0,
        metrics: run({ src: node({ out: 10 }), 'e1⇢out': node({ in: 10 }) }, { e1: 100 }),
      },
      {
        stage: 's1',
        index: 0,
        metrics: run(
          {
            'e1⇢in': node({ out: 6 }),
            win: node({ in: 6, late: 1, watermark: 500, latencyP99Ms: 2, stateKeys: 3 }),
          },
          { e1: 60, e2: 5 },
        ),
      },
      {
        stage: 's1',
        index: 1,
        metrics: run(
          { win: node({ in: 4, errors: 2, watermark: 300, latencyP99Ms: 7, stateKeys: 2 }) },
          { e1: 40, e2: 3 },
        ),
      },
      { stage: 's2', index: 0, metrics: run({ sink: node({ in: 8 }) }, { e2: 8 }) },
    ]);
    expect(Object.keys(merged.nodes).sort()).toEqual(['sink', 'src', 'win']);
    expect(merged.nodes.win).toMatchObject({
      in: 10,
      late: 1,
      errors: 2,
      watermark: 300,
      latencyP99Ms: 7,
      stateKeys: 5,
      instances: 2,
    });
    expect(merged.nodes.src?.instances).toBeUndefined();
    // e1 counts at src (its sender), e2 at the two window instances: never both sides of a cut edge.
    expect(merged.edges).toEqual({ e1: 100, e2: 8 });
  });

  it('has no watermark while one instance has none yet (it is complete nowhere)', () => {
    const merged = mergeInstanceMetrics(plan, [
      { stage: 's1', index: 0, metrics: run({ win: node({ watermark: null }) }, {}) },
      { stage: 's1', index: 1, metrics: run({ win: node({ watermark: 42 }) }, {}) },
    ]);
    expect(merged.nodes.win?.watermark).toBeNull();
  });
});
