/** The timer queue pops in (time, registration) order whether deadlines arrive in order or not. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { TimerQueue } from '../src/operators/cep/timer-queue.js';

it('pops by time then registration, across its FIFO and heap, with pushes between pops', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant(-1)), { maxLength: 300 }),
      (ops) => {
        const q = new TimerQueue<number>();
        const reference: { at: number; id: number }[] = [];
        let id = 0;
        let floor = 0; // deadlines mostly grow, as in a run; some go back (the heap path)
        const popped: number[] = [];
        const expected: number[] = [];
        for (const op of ops) {
          if (op === -1) {
            const t = q.pop();
            reference.sort((a, b) => a.at - b.at || a.id - b.id);
            const r = reference.shift();
            expect(t).toBe(r?.id);
            if (r) expect(q.poppedAt).toBe(r.at);
            if (t !== undefined) popped.push(t);
            if (r) expected.push(r.id);
          } else {
            const at = floor + op;
            q.push(at, id);
            reference.push({ at, id });
            id++;
            if (op % 7 === 0) floor += 1;
          }
          expect(q.size).toBe(reference.length);
          const min = reference.reduce((m, r) => Math.min(m, r.at), Number.POSITIVE_INFINITY);
          expect(q.peek()).toBe(min);
        }
        expect(popped).toEqual(expected);
      },
    ),
    { numRuns: 300 },
  );
});
