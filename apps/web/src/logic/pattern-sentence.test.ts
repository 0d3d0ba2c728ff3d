import { describe, expect, it } from 'vitest';
import {
  countWords,
  flinkTerms,
  followsOf,
  followsParams,
  howManyOf,
  quantifierFor,
  stepSentence,
} from './pattern-sentence';

const bruteForce = {
  name: 'first',
  condition: 'type == "fail"',
  quantifier: { kind: 'times' as const, min: 3 },
  consecutive: true,
};

describe('a CEP step in words', () => {
  it('reads the brute-force step as a sentence, with the Flink calls beside it', () => {
    expect(stepSentence(bruteForce, 0)).toBe('First 3 times in a row, each matching type == "fail"');
    expect(stepSentence(bruteForce, 1)).toBe('then 3 times in a row, each matching type == "fail"');
    expect(flinkTerms(bruteForce, 1)).toBe('followedBy · times(3) · consecutive()');
  });

  it('an exact count is a count; a range, an open end and one-or-more read as such', () => {
    expect(howManyOf(bruteForce)).toBe('exactly');
    expect(countWords({ quantifier: { kind: 'times', min: 2, max: 4 } })).toBe('2 to 4 times');
    expect(countWords({ quantifier: { kind: 'times', min: 3, max: 3 } })).toBe('3 times');
    expect(countWords({ quantifier: { kind: 'timesOrMore', min: 3 } })).toBe('3 or more times');
    expect(countWords({ quantifier: { kind: 'oneOrMore' } })).toBe('one or more times');
    expect(quantifierFor('exactly', { quantifier: { kind: 'timesOrMore', min: 5 } })).toEqual({
      kind: 'times',
      min: 5,
    });
    expect(quantifierFor('between', { quantifier: { kind: 'times', min: 2 } })).toEqual({
      kind: 'times',
      min: 2,
      max: 4,
    });
  });

  it('negation, contiguity and the modifiers in words', () => {
    expect(stepSentence({ condition: 'ok', contiguity: 'strict', negated: true }, 1)).toBe(
      'and right after it, no event matching ok',
    );
    expect(flinkTerms({ contiguity: 'relaxed', negated: true }, 2)).toBe('notFollowedBy');
    expect(
      stepSentence(
        { condition: 'x', quantifier: { kind: 'oneOrMore' }, greedy: true, until: 'done', optional: true },
        1,
      ),
    ).toBe(
      'then one or more times, each matching x, until an event matching done, as many as possible, or none (optional)',
    );
    expect(stepSentence({ condition: 'x', contiguity: 'strict' }, 1)).toBe(
      'then right after, an event matching x',
    );
    // a condition that takes everything reads as "any event"
    expect(stepSentence({ condition: 'true' }, 0)).toBe('First any event');
    expect(stepSentence({ condition: 'true', quantifier: { kind: 'times', min: 2 } }, 1)).toBe(
      'then any event 2 times',
    );
  });

  it('contiguity and negation round-trip through the one "follows" choice', () => {
    for (const step of [
      { contiguity: 'strict' as const, negated: false },
      { contiguity: 'relaxed' as const, negated: false },
      { contiguity: 'nonDeterministic' as const, negated: false },
      { contiguity: 'strict' as const, negated: true },
      { contiguity: 'relaxed' as const, negated: true },
    ])
      expect(followsParams(followsOf(step))).toEqual(step);
  });
});
