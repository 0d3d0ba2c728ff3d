/**
 * Brute-force oracle: random short sequences over {a, b, c} and random patterns of single steps
 * with strict / relaxed / non-deterministic contiguity (and sometimes `within`); the operator's
 * matches must equal those of an exhaustive enumerator written here from the definitions:
 * - strict (next): the step's event is the one right after the previous step's event;
 * - relaxed (followedBy): it is the first event after the previous step's event that matches;
 * - non-deterministic (followedByAny): any later event that matches;
 * - within: last event time - first event time < withinMs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { letters, runPattern } from './support/cep-harness.js';

type Contiguity = 'strict' | 'relaxed' | 'nonDeterministic';
interface OracleStep {
  letter: string;
  contiguity: Contiguity;
}

/** Every match as the indexes of its events, by exhaustive search. */
function enumerate(seq: readonly string[], steps: readonly OracleStep[], withinMs: number): number[][] {
  const out: number[][] = [];
  const time = (i: number) => (i + 1) * 1000;
  const extend = (picked: number[]): void => {
    const j = picked.length;
    if (j === steps.length) {
      if (withinMs === 0 || time(picked[j - 1]!) - time(picked[0]!) < withinMs) out.push(picked);
      return;
    }
    const s = steps[j]!;
    const prev = picked[j - 1]!;
    for (let i = prev + 1; i < seq.length; i++) {
      const matches = seq[i] === s.letter;
      if (matches) extend([...picked, i]);
      if (s.contiguity === 'strict') break;
      if (s.contiguity === 'relaxed' && matches) break;
    }
  };
  seq.forEach((x, i) => {
    if (x === steps[0]!.letter) extend([i]);
  });
  return out;
}

const letter = fc.constantFrom('a', 'b', 'c');

function check(contiguities: readonly Contiguity[]) {
  fc.assert(
    fc.property(
      fc.array(letter, { maxLength: 12 }),
      fc.array(fc.record({ letter, contiguity: fc.constantFrom(...contiguities) }), {
        minLength: 1,
        maxLength: 4,
      }),
      fc.constantFrom(0, 2500, 4000),
      fc.integer({ min: 1, max: 5 }),
      (seq, steps, withinMs, batchSize) => {
        const names = steps.map((_, i) => `s${i}`);
        const params = {
          steps: steps.map((s, i) => ({
            name: names[i]!,
            condition: `n == "${s.letter}"`,
            contiguity: s.contiguity,
          })),
          withinMs,
        };
        const input = letters(seq.map((x, i) => `${x}${i}`).join(' '));
        const rec = runPattern(params, input, { batchSize });
        const got = rec.out.map((o) =>
          names.map((n) => (o.event[n] as { id: string }[])[0]!.id.replace(/^[a-c]/, '')),
        );
        const expected = enumerate(seq, steps, withinMs).map((m) => m.map(String));
        expect([...got].sort()).toEqual([...expected].sort());
        // emitted in the order of their last event
        const ends = got.map((m) => Number(m[m.length - 1]));
        expect(ends).toEqual([...ends].sort((x, y) => x - y));
      },
    ),
    { numRuns: 400 },
  );
}

describe('brute-force oracle', () => {
  it('strict contiguity (next)', () => check(['strict']));
  it('relaxed contiguity (followedBy)', () => check(['relaxed']));
  it('non-deterministic relaxed contiguity (followedByAny)', () => check(['nonDeterministic']));
  it('mixed contiguities', () => check(['strict', 'relaxed', 'nonDeterministic']));
});
