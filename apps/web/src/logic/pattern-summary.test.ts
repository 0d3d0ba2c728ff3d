import { describe, expect, it } from 'vitest';
import { connectorOf, describePattern, describeStep } from './pattern-summary';

describe('CEP pattern summary', () => {
  it('reads the brute-force step like Flink: condition, quantifier, contiguity', () => {
    expect(
      describeStep({
        name: 'first',
        condition: 'type == "fail"',
        quantifier: { kind: 'times', min: 3 },
        consecutive: true,
      }),
    ).toBe('first: type == "fail"  ×3 consecutive');
  });

  it('names the connector of each step from contiguity and negation', () => {
    expect(connectorOf({}, 0)).toBe('begin');
    expect(connectorOf({ contiguity: 'strict' }, 1)).toBe('next');
    expect(connectorOf({ contiguity: 'relaxed' }, 1)).toBe('followedBy');
    expect(connectorOf({ contiguity: 'nonDeterministic' }, 1)).toBe('followedByAny');
    expect(connectorOf({ contiguity: 'strict', negated: true }, 1)).toBe('notNext');
    expect(connectorOf({ contiguity: 'relaxed', negated: true }, 2)).toBe('notFollowedBy');
  });

  it('lists a whole pattern with ranges, open-ended loops, within and skip', () => {
    expect(
      describePattern({
        steps: [
          { name: 'a', condition: 'x > 1', quantifier: { kind: 'times', min: 2, max: 4 }, optional: true },
          {
            name: 'b',
            condition: 'y',
            contiguity: 'strict',
            quantifier: { kind: 'timesOrMore', min: 2 },
            greedy: true,
          },
          { name: 'c', condition: 'z', quantifier: { kind: 'oneOrMore' }, until: 'done' },
        ],
        withinMs: 60_000,
        skip: { strategy: 'skipPastLastEvent' },
      }),
    ).toEqual([
      'a: x > 1  ×2–4 optional',
      'next b: y  ×2+ greedy',
      'followedBy c: z  ×1+ until done',
      'within 1 min',
      'skip: skipPastLastEvent',
    ]);
  });
});
