import { describe, expect, it } from 'vitest';
import { pipeline } from '../../test/helpers.js';
import { ChunkClaims } from './chunk-claims.js';
import { planParallel } from './plan.js';

const claimers = (n: number) => {
  const claims = new ChunkClaims(['g'], n);
  return Array.from({ length: n }, (_, k) => claims.claimer('g', k)!);
};

describe('ChunkClaims', () => {
  it('hands out each chunk once, in order, to whichever instance asks', () => {
    const [a, b] = claimers(2);
    expect([a!.take(), a!.take(), b!.take(), a!.take()]).toEqual([0, 1, 2, 3]);
  });

  it('keeps nodes apart, and has no claimer for a node it was not made for', () => {
    const claims = new ChunkClaims(['g', 'h'], 2);
    expect(claims.claimer('g', 0)!.take()).toBe(0);
    expect(claims.claimer('h', 1)!.take()).toBe(0);
    expect(claims.claimer('g', 1)!.take()).toBe(1);
    expect(claims.claimer('other', 0)).toBeUndefined();
  });

  it('gives an instance past a barrier no chunk until every other instance has passed it too', () => {
    const [a, b, c] = claimers(3);
    a!.passBarrier();
    expect(a!.take()).toBeUndefined();
    expect(b!.take()).toBe(0); // not yet past it: before the barrier, as in its checkpoint part
    b!.passBarrier();
    expect(a!.take()).toBeUndefined();
    c!.passBarrier();
    expect(a!.take()).toBe(1);
    expect(c!.take()).toBe(2);
  });

  it('an instance that has ended holds no one back', () => {
    const [a, b] = claimers(2);
    a!.passBarrier();
    a!.passBarrier();
    b!.end();
    b!.passBarrier(); // its final checkpoint after its end
    expect(a!.take()).toBe(0);
  });

  it('restoring moves the counter past every chunk a part names, never back', () => {
    const [a, b] = claimers(2);
    a!.restoreAtLeast(7);
    b!.restoreAtLeast(4);
    expect(a!.take()).toBe(7);
    expect(b!.take()).toBe(8);
  });

  it('over a plan: cells for the split source stage only', () => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.generator', params: { preset: 'sensors' } },
        {
          id: 'w',
          kind: 'window.tumbling',
          params: {
            keyBy: ['sensor'],
            sizeMs: 1000,
            timeMode: 'processing',
            aggregations: [{ fn: 'count', name: 'n' }],
          },
        },
        { id: 'out', kind: 'sink.table' },
      ],
      ['src->w', 'w->out'],
    );
    const split = planParallel(doc, 2);
    expect(ChunkClaims.forPlan(split).claimer('src', 1)).toBeDefined();
    expect(ChunkClaims.bytes(planParallel(doc, 2, { unsplittable: new Set(['src']) }))).toBe(0);
  });
});
