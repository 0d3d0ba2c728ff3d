import { describe, expect, it } from 'vitest';
import { pipeline } from '../../test/helpers.js';
import type { Source } from '../host.js';
import { OPERATORS } from '../operators/registry.js';
import { createMemorySource } from '../sources/memory.js';
import type { Operator } from './operator.js';
import { createRun } from './run.js';

describe('RunOptions.progress', () => {
  const doc = pipeline(
    [
      { id: 'src', kind: 'source.http-ingest' },
      { id: 'm', kind: 'transform.map', params: { fields: [{ name: 'v', expr: 'v' }] } },
      { id: 'table', kind: 'sink.table' },
    ],
    ['src->m', 'm->table'],
    { microBatch: { maxEvents: 10, maxDelayMs: 0 } },
  );

  it('names the node holding the thread and when it took it, and -1 between steps', () => {
    const progress = new Float64Array(2);
    const seen: [number, number][] = [];
    const inner = createMemorySource('src', [{ v: 1 }, { v: 2 }]);
    const source: Source = {
      ...inner,
      poll(max) {
        seen.push([progress[0] as number, progress[1] as number]);
        return inner.poll(max, 0);
      },
    };
    const before = Date.now();
    const run = createRun(doc, {
      progress,
      sourceOverrides: { src: source },
      operators: {
        // The map, unfused, looks at the stamp while it holds a batch.
        'transform.map': (node): Operator => {
          const op = (OPERATORS['transform.map'] as (n: typeof node) => Operator)(node);
          return {
            ...op,
            open: (ctx) => op.open(ctx),
            processBatch(port, events, times) {
              seen.push([progress[0] as number, progress[1] as number]);
              op.processBatch(port, events, times);
            },
            onWatermark: (w) => op.onWatermark(w),
            snapshot: () => op.snapshot(),
            restore: (s) => op.restore(s),
            stateSize: () => op.stateSize(),
          };
        },
      },
    });
    expect(progress[0]).toBe(-1);
    run.step();
    expect(progress[0]).toBe(-1);
    // The source's poll ran as node 0, the map's batch as node 1, each stamped since this test began.
    expect(seen.map(([node]) => node)).toEqual([0, 1]);
    for (const [, since] of seen) expect(since).toBeGreaterThanOrEqual(before);
    expect(run.collected().table).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('goes back to idle when a node throws', () => {
    const progress = new Float64Array(2);
    const run = createRun(doc, {
      progress,
      sourceOverrides: {
        src: {
          nodeId: 'src',
          poll: () => {
            throw new Error('boom');
          },
          offset: () => null,
          restore: () => {},
        },
      },
    });
    expect(run.step()).toBe('finished');
    expect(progress[0]).toBe(-1);
  });
});
