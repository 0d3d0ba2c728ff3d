/**
 * The compact form of strict chains against the object form: the same pattern, once with event-only
 * conditions (compact) and once with conditions that also read the partial match (object form,
 * `size(step) >= 0` always holds), must emit exactly the same matches, timeouts, errors and drops,
 * in the same order, under every skip strategy, with `within`, caps, evaluation errors (which turn a
 * key to the object form) and snapshots taken mid-run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPattern, type Timed } from '../../../test/support/cep-harness.js';
import { compileNfa } from './nfa-compiler.js';
import { parsePatternParams } from './pattern-params.js';
import { countDepths, keepOldest, StrictChain } from './strict-chain.js';

const SKIPS = [
  { strategy: 'noSkip' },
  { strategy: 'skipToNext' },
  { strategy: 'skipPastLastEvent' },
  { strategy: 'skipToFirst', step: 'a' },
  { strategy: 'skipToLast', step: 'a' },
  { strategy: 'skipToFirst', step: 'b' },
  { strategy: 'skipToLast', step: 'b' },
] as const;

interface Shape {
  /** times(n).consecutive() of step a alone, or a chain a.next(b) of a's times then b once. */
  aTimes: number;
  withB: boolean;
  skip: number;
  withinMs: number;
  maxPartials: number;
}

/** `v / d > 0` fails to evaluate when d is 0: an error, and the key leaves the compact form. */
function params(shape: Shape, compact: boolean) {
  const readsMatch = (step: string) => (compact ? '' : ` && size(${step}) >= 0`);
  const steps: Record<string, unknown>[] = [
    {
      name: 'a',
      condition: `n == "a" && v / d > 0${readsMatch('a')}`,
      quantifier: { kind: 'times', min: shape.aTimes },
      consecutive: true,
    },
  ];
  if (shape.withB) steps.push({ name: 'b', condition: `n == "b"${readsMatch('b')}`, contiguity: 'strict' });
  const skip = SKIPS[shape.skip]!;
  const known = !('step' in skip) || skip.step === 'a' || shape.withB;
  return {
    key: 'k',
    steps,
    withinMs: shape.withinMs,
    skip: known ? skip : SKIPS[0],
    maxPartialMatchesPerKey: shape.maxPartials,
    output: [],
  };
}

const shapes = fc.record({
  aTimes: fc.integer({ min: 1, max: 5 }),
  withB: fc.boolean(),
  skip: fc.integer({ min: 0, max: SKIPS.length - 1 }),
  withinMs: fc.constantFrom(0, 3000, 6000),
  maxPartials: fc.constantFrom(1, 2, 1000),
});

const streams = fc
  .array(
    fc.record({
      k: fc.constantFrom('x', 'y'),
      n: fc.constantFrom('a', 'a', 'a', 'b', 'c'),
      d: fc.constantFrom(1, 1, 1, 1, 1, 1, 1, 0),
      gap: fc.constantFrom(0, 1000, 2000),
    }),
    { maxLength: 60 },
  )
  .map((rows) => {
    let time = 0;
    return rows.map(({ k, n, d, gap }, i): Timed => {
      time += gap;
      return { event: { k, n, v: 1, d, id: `e${i}` }, time };
    });
  });

describe('compact strict chains', () => {
  it('are used for event-only strict chains only', () => {
    const nfaOf = (raw: unknown) => {
      const p = parsePatternParams(raw);
      return compileNfa(p.steps, p.withinMs);
    };
    const shape = { aTimes: 3, withB: true, skip: 0, withinMs: 0, maxPartials: 10 };
    expect(StrictChain.of(nfaOf(params(shape, true)))?.length).toBe(4);
    expect(StrictChain.of(nfaOf(params(shape, false)))).toBeNull();
    const relaxed = { steps: [{ name: 'a', condition: 'n == "a"', quantifier: { kind: 'times', min: 3 } }] };
    expect(StrictChain.of(nfaOf(relaxed))).toBeNull();
    const times = (min: number) => ({
      steps: [{ name: 'a', condition: 'n == "a"', quantifier: { kind: 'times', min }, consecutive: true }],
    });
    expect(StrictChain.of(nfaOf(times(30)))?.length).toBe(30);
    expect(StrictChain.of(nfaOf(times(31)))).toBeNull(); // more depths than bits
  });

  it('emit exactly what the object form emits', () => {
    fc.assert(
      fc.property(shapes, streams, fc.integer({ min: 0, max: 8 }), (shape, input, snapshotAfter) => {
        const options = { batchSize: 3, snapshotAfterBatch: snapshotAfter };
        const compact = runPattern(params(shape, true), input, options);
        const objects = runPattern(params(shape, false), input, options);
        expect(compact.out).toEqual(objects.out);
        expect(compact.timeout).toEqual(objects.timeout);
        expect(compact.dropped).toEqual(objects.dropped);
        const errors = (r: typeof compact) => r.errors.map((e) => [e.time, e.event]);
        expect(errors(compact)).toEqual(errors(objects));
        const unread = { ...options, connectedOutputs: ['out'] };
        for (const compactForm of [true, false]) {
          const lazy = runPattern(params(shape, compactForm), input, unread);
          expect(lazy.out).toEqual(objects.out);
          expect(lazy.timeout).toEqual([]);
          expect(lazy.dropped).toEqual(objects.dropped);
          expect(errors(lazy)).toEqual(errors(objects));
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('depth bits', () => {
  it('count and keep the oldest (highest) depths', () => {
    expect(countDepths(0)).toBe(0);
    expect(countDepths(0b10110)).toBe(3);
    expect(keepOldest(0b10110, 2)).toBe(0b10100);
    expect(keepOldest(0b10110, 5)).toBe(0b10110);
    expect(keepOldest(0b10110, 0)).toBe(0);
  });
});
