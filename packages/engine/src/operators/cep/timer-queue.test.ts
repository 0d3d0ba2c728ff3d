/**
 * The timer queue against a plain model: one live timer per slot (a new one supersedes it, cancel
 * drops it), due timers popped by time then registration, across its FIFO and heap, whether
 * deadlines arrive in order or not.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { TimerQueue } from './timer-queue.js';

type Op =
  | { kind: 'set'; slot: number; delta: number }
  | { kind: 'cancel'; slot: number }
  | { kind: 'pop'; ahead: number };

const ops = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('set' as const),
      slot: fc.integer({ min: 0, max: 99 }),
      delta: fc.integer({ min: 0, max: 30 }),
    }),
    fc.record({ kind: fc.constant('cancel' as const), slot: fc.integer({ min: 0, max: 99 }) }),
    fc.record({ kind: fc.constant('pop' as const), ahead: fc.integer({ min: 0, max: 10 }) }),
  ),
  { maxLength: 400 },
);

it('pops the live timers due, by time then registration; superseded and cancelled ones never', () => {
  fc.assert(
    fc.property(ops, (list: Op[]) => {
      const q = new TimerQueue<string>();
      const live = new Map<number, { at: number; seq: number }>();
      let seq = 0;
      let now = 0; // deadlines mostly grow, as in a run; some go back (the heap path)
      for (const op of list) {
        if (op.kind === 'set') {
          const at = now + op.delta - 5;
          q.set(at, op.slot, `k${op.slot}`);
          live.set(op.slot, { at, seq: seq++ });
        } else if (op.kind === 'cancel') {
          q.cancel(op.slot);
          live.delete(op.slot);
        } else {
          now += op.ahead;
          const due = [...live.entries()]
            .filter(([, t]) => t.at <= now)
            .sort(([, a], [, b]) => a.at - b.at || a.seq - b.seq);
          for (const [slot, t] of due) {
            expect(q.popDue(now)).toBe(`k${slot}`);
            expect(q.poppedAt).toBe(t.at);
            live.delete(slot);
          }
          expect(q.popDue(now)).toBeUndefined();
        }
        for (let slot = 0; slot < 100; slot++)
          expect(q.liveAt(slot)).toBe(live.get(slot)?.at ?? Number.POSITIVE_INFINITY);
        const earliest = Math.min(...[...live.values()].map((t) => t.at));
        expect(q.peek()).toBeLessThanOrEqual(earliest);
      }
    }),
    { numRuns: 300 },
  );
});
