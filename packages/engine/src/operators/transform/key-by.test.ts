import { describe, expect, it } from 'vitest';
import { fixedClock, pipeline } from '../../../test/helpers.js';
import { harness } from '../../../test/support/operator-context.js';
import { runBounded } from '../../index.js';

describe('transform.key-by', () => {
  it('passes events through unchanged', () => {
    const h = harness('transform.key-by', { fields: ['id'] });
    const e = { id: 'a', v: 1 };
    h.op.processBatch('in', [e], [3]);
    expect(h.events('out')[0]).toBe(e);
    expect(h.times('out')).toEqual([3]);
  });

  it('keys the stateful operators downstream', async () => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        { id: 'ts', kind: 'time.assign-timestamps', params: { timestamp: 't', maxOutOfOrdernessMs: 0 } },
        { id: 'k', kind: 'transform.key-by', params: { fields: ['user'] } },
        { id: 'd', kind: 'transform.dedupe', params: { withinMs: 1000 } },
        { id: 'out', kind: 'sink.table' },
      ],
      ['src->ts', 'ts->k', 'k->d', 'd->out'],
    );
    const input = [
      { user: 'u1', page: '/', t: 0 },
      { user: 'u1', page: '/cart', t: 10 },
      { user: 'u2', page: '/', t: 20 },
    ];
    const r = await runBounded(doc, { inputs: { src: input }, clock: fixedClock() });
    expect(r.outputs.out).toEqual([input[0], input[2]]);
  });
});
