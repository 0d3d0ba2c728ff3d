import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrivalHeap } from './arrival-heap.js';

/** What the heap must give: by key, ties by lower index (the generator's arrival order). */
const byArrival = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];

describe('ArrivalHeap', () => {
  it('pops by key, ties by lower index, through pushes and pops interleaved and growth', () => {
    fc.assert(
      fc.property(
        // Few distinct keys, so ties are common; more entries than the initial capacity.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 1, maxLength: 300 }),
        (ops) => {
          const heap = new ArrivalHeap();
          const model: [number, number][] = [];
          ops.forEach(([key, pop], index) => {
            heap.push(key, index);
            model.push([key, index]);
            if (pop) {
              model.sort(byArrival);
              const [first] = model.splice(0, 1) as [[number, number]];
              expect(heap.topKey()).toBe(first[0]);
              expect(heap.pop()).toBe(first[1]);
            }
            expect(heap.size).toBe(model.length);
          });
          expect(heap.contents().sort((a, b) => a - b)).toEqual(
            model.map(([, i]) => i).sort((a, b) => a - b),
          );
          model.sort(byArrival);
          for (const [, index] of model) expect(heap.pop()).toBe(index);
          expect(heap.size).toBe(0);
        },
      ),
    );
  });
});
