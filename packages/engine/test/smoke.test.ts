import { describe, expect, it } from 'vitest';
import { runBounded } from '../src/index.js';
import { fixedClock, pipeline } from './helpers.js';

describe('smoke', () => {
  it('runs filter and map over a memory input', async () => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        { id: 'f', kind: 'transform.filter', params: { condition: 'x > 1' } },
        { id: 'm', kind: 'transform.map', params: { fields: [{ name: 'y', expr: 'x * 10' }] } },
        { id: 'out', kind: 'sink.console' },
      ],
      ['src->f', 'f->m', 'm->out'],
    );
    const r = await runBounded(doc, {
      inputs: { src: [{ x: 1 }, { x: 2 }, { x: 'a' }, { x: 3 }] },
      clock: fixedClock(),
    });
    expect(r.outputs.out).toEqual([{ y: 20 }, { y: 30 }]);
    expect(r.outputs['f.error']).toHaveLength(1);
  });
});
