import { describe, expect, it } from 'vitest';
import { fixedClock, pipeline } from '../../../test/helpers.js';
import { harness } from '../../../test/support/operator-context.js';
import { runBounded } from '../../index.js';

describe('transform.union', () => {
  it('forwards every batch as it arrives', () => {
    const h = harness('transform.union', {});
    h.op.processBatch('in', [{ a: 1 }], [1]);
    h.op.processBatch('in', [{ b: 2 }], [2]);
    expect(h.events('out')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(h.times('out')).toEqual([1, 2]);
  });

  it('merges two sources in a pipeline', async () => {
    const doc = pipeline(
      [
        { id: 'a', kind: 'source.http-ingest' },
        { id: 'b', kind: 'source.http-ingest' },
        { id: 'u', kind: 'transform.union' },
        { id: 'out', kind: 'sink.table' },
      ],
      ['a->u', 'b->u', 'u->out'],
    );
    const inputs = { a: [{ x: 1 }, { x: 2 }], b: [{ x: 3 }] };
    // One step polls each source once, in document order: batches of one interleave the sources.
    const single = await runBounded(doc, { inputs, maxEvents: 1, clock: fixedClock() });
    expect(single.outputs.out).toEqual([{ x: 1 }, { x: 3 }, { x: 2 }]);
    const whole = await runBounded(doc, { inputs, clock: fixedClock() });
    expect(whole.outputs.out).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    expect(whole.metrics.nodes.u?.in).toBe(3);
  });
});
