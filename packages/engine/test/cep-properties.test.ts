/**
 * Properties of the cep.pattern operator on random keyed streams, over several patterns:
 * - out-of-order arrival whose disorder stays under the watermark bound gives exactly the matches
 *   and timeouts (contents, times and order) of the time-sorted input, whatever the batch size;
 * - a snapshot taken after any batch, restored into a new operator (through JSON), then continued,
 *   gives exactly what the uninterrupted run gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Recording, runPattern, type Timed } from './support/cep-harness.js';

const letterStep = (name: string, letter: string, extra: Record<string, unknown> = {}) => ({
  name,
  condition: `n == "${letter}"`,
  ...extra,
});

const PATTERNS: Record<string, unknown> = {
  'seed, within 6 s, skipPastLastEvent': {
    key: 'user',
    steps: [letterStep('first', 'a', { quantifier: { kind: 'times', min: 3 }, consecutive: true })],
    withinMs: 6000,
    skip: { strategy: 'skipPastLastEvent' },
  },
  'seed, noSkip': {
    key: 'user',
    steps: [letterStep('first', 'a', { quantifier: { kind: 'times', min: 3 }, consecutive: true })],
  },
  'a followedByAny b+ (combinations) followedBy c, within 5 s, skipToLast(b)': {
    key: 'user',
    steps: [
      letterStep('a', 'a'),
      letterStep('b', 'b', {
        contiguity: 'nonDeterministic',
        quantifier: { kind: 'oneOrMore' },
        allowCombinations: true,
      }),
      letterStep('c', 'c'),
    ],
    withinMs: 5000,
    skip: { strategy: 'skipToLast', step: 'b' },
    output: [
      { name: 'user', expr: 'a[0].user' },
      { name: 'bs', expr: 'size(b)' },
      { name: 'end', expr: 'c[0].ts' },
    ],
  },
  'a notFollowedBy b (trailing, within 3 s)': {
    key: 'user',
    steps: [letterStep('a', 'a'), letterStep('b', 'b', { negated: true })],
    withinMs: 3000,
  },
  'a b? (greedy loop) c, iterative, skipToFirst(a)': {
    key: 'user',
    steps: [
      letterStep('a', 'a'),
      {
        name: 'b',
        condition: 'n == "b" && ts > a[0].ts',
        quantifier: { kind: 'oneOrMore' },
        optional: true,
        greedy: true,
      },
      letterStep('c', 'c', { contiguity: 'strict' }),
    ],
    skip: { strategy: 'skipToFirst', step: 'a' },
  },
};

const MAX_DELAY = 2000;

/** Random events of three users with distinct, increasing times. */
const stream = fc
  .array(
    fc.record({
      user: fc.constantFrom('u1', 'u2', 'u3'),
      n: fc.constantFrom('a', 'a', 'b', 'c'),
      gap: fc.integer({ min: 1, max: 1500 }),
      jitter: fc.integer({ min: 0, max: MAX_DELAY - 1 }),
    }),
    { maxLength: 60 },
  )
  .map((rows) => {
    let t = 0;
    return rows.map((r, i) => {
      t += r.gap;
      return { event: { user: r.user, n: r.n, ts: t, id: i }, time: t, arrival: t + r.jitter };
    });
  });

/** Arrival order: time + a jitter below the bound, so no event is late for a watermark of max - MAX_DELAY. */
function disordered(input: (Timed & { arrival: number })[]): Timed[] {
  return [...input].sort((a, b) => a.arrival - b.arrival || a.time - b.time);
}

function results(rec: Recording) {
  return { out: rec.out, timeout: rec.timeout, late: rec.late, errors: rec.errors, dropped: rec.dropped };
}

describe.each(Object.entries(PATTERNS))('%s', (_name, params) => {
  it('disorder under the watermark bound does not change the results', () => {
    fc.assert(
      fc.property(stream, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), (input, b1, b2) => {
        const sorted = runPattern(params, input, { batchSize: b1 });
        const shuffled = runPattern(params, disordered(input), { batchSize: b2, maxDelayMs: MAX_DELAY });
        expect(shuffled.late).toEqual([]);
        expect(results(shuffled)).toEqual(results(sorted));
      }),
      { numRuns: 150 },
    );
  });

  it('snapshot + restore + continue equals the uninterrupted run', () => {
    fc.assert(
      fc.property(stream, fc.integer({ min: 1, max: 6 }), fc.nat(30), (input, batchSize, at) => {
        const arrival = disordered(input);
        const options = { batchSize, maxDelayMs: MAX_DELAY };
        const whole = runPattern(params, arrival, options);
        const resumed = runPattern(params, arrival, { ...options, snapshotAfterBatch: at + 1 });
        expect(results(resumed)).toEqual(results(whole));
      }),
      { numRuns: 150 },
    );
  });
});

it('the properties are not vacuous: the patterns produce matches and timeouts', () => {
  const input = fc.sample(stream, { numRuns: 30, seed: 7 }).flat();
  const long = input.map((e, i) => ({ time: (i + 1) * 100, event: { ...e.event, ts: (i + 1) * 100 } }));
  const counts = Object.values(PATTERNS).map((p) => {
    const rec = runPattern(p, long);
    return rec.out.length + rec.timeout.length;
  });
  for (const c of counts) expect(c).toBeGreaterThan(0);
});
