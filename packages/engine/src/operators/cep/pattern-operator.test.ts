/**
 * One test per pattern operator, in the manner of Flink's NFAITCase: small event sequences and the
 * exact matches Flink's semantics give, in emission order.
 */
import { describe, expect, it } from 'vitest';
import { describeMatch, letters, runPattern } from '../../../test/support/cep-harness.js';

type Step = Record<string, unknown> & { name: string };

/** A step taking events whose `n` is the step name. */
const step = (name: string, extra: Record<string, unknown> = {}): Step => ({
  name,
  condition: `n == "${name}"`,
  ...extra,
});

function matches(steps: Step[], tokens: string, extra: Record<string, unknown> = {}): string[] {
  const rec = runPattern({ steps, ...extra }, letters(tokens));
  expect(rec.errors).toEqual([]);
  return rec.out.map((o) =>
    describeMatch(
      o.event,
      steps.map((s) => s.name),
    ),
  );
}

describe('contiguity between steps', () => {
  it('next (strict): the very next event', () => {
    expect(matches([step('a'), step('b', { contiguity: 'strict' })], 'a1 c1 b1 a2 b2')).toEqual(['a2|b2']);
  });

  it('followedBy (relaxed): skips non-matching events, takes the first match only', () => {
    expect(matches([step('a'), step('b', { contiguity: 'relaxed' })], 'a1 c1 b1 b2')).toEqual(['a1|b1']);
  });

  it('followedByAny (non-deterministic): every later match', () => {
    expect(matches([step('a'), step('b', { contiguity: 'nonDeterministic' })], 'a1 c1 b1 b2')).toEqual([
      'a1|b1',
      'a1|b2',
    ]);
  });

  it('each event starts a new attempt', () => {
    expect(matches([step('a'), step('b')], 'a1 a2 b1')).toEqual(['a1|b1', 'a2|b1']);
  });
});

describe('negation', () => {
  const notNext = [step('a'), step('b', { contiguity: 'strict', negated: true }), step('c')];

  it('notNext: the event right after must not match', () => {
    expect(matches(notNext, 'a1 b1 c1')).toEqual([]);
    expect(matches(notNext, 'a1 x1 c1')).toEqual(['a1||c1']);
    expect(matches(notNext, 'a1 c1')).toEqual(['a1||c1']);
    expect(matches(notNext, 'a1 x1 b1 c1')).toEqual(['a1||c1']); // b after the next event is fine
  });

  it('notNext at the end: the match completes on the next event that does not match', () => {
    const steps = [step('a'), step('b', { contiguity: 'strict', negated: true })];
    const rec = runPattern({ steps }, letters('a1 b1 a2 x1'));
    expect(rec.out.map((o) => describeMatch(o.event, ['a', 'b']))).toEqual(['a2|']);
    expect(rec.out[0]!.time).toBe(4000); // the completing event's time
  });

  const notFollowedBy = [step('a'), step('b', { negated: true }), step('c')];

  it('notFollowedBy: no matching event anywhere between', () => {
    expect(matches(notFollowedBy, 'a1 x1 b1 c1')).toEqual([]);
    expect(matches(notFollowedBy, 'a1 x1 c1 b1')).toEqual(['a1||c1']);
    expect(matches(notFollowedBy, 'a1 b1 a2 c1')).toEqual(['a2||c1']);
  });

  it('notFollowedBy at the end with within: a match when the window closes without the event', () => {
    const steps = [step('a'), step('b', { negated: true })];
    const input = [
      { event: { n: 'a', id: 'a1' }, time: 0 },
      { event: { n: 'b', id: 'b1' }, time: 5_000 },
      { event: { n: 'a', id: 'a2' }, time: 20_000 },
      { event: { n: 'x', id: 'x1' }, time: 25_000 },
      { event: { n: 'b', id: 'b2' }, time: 30_001 },
    ];
    const rec = runPattern({ steps, withinMs: 10_000 }, input);
    expect(rec.out.map((o) => [describeMatch(o.event, ['a', 'b']), o.time])).toEqual([['a2|', 30_000]]);
    expect(rec.timeout).toEqual([]);
  });
});

describe('quantifiers', () => {
  it('optional: matches with and without the optional step', () => {
    const steps = [step('a'), step('b', { optional: true }), step('c')];
    expect(matches(steps, 'a1 b1 c1')).toEqual(['a1|b1|c1', 'a1||c1']);
    expect(matches(steps, 'a1 x1 c1')).toEqual(['a1||c1']);
  });

  it('optional first step: attempts with and without it', () => {
    const steps = [step('a', { optional: true }), step('b')];
    expect(matches(steps, 'a1 b1')).toEqual(['a1|b1', '|b1']);
    expect(matches(steps, 'x1 b1')).toEqual(['|b1']);
  });

  it('optional last step: the match ends as soon as the previous step matched', () => {
    const steps = [step('a'), step('b', { optional: true })];
    expect(matches(steps, 'a1 b1')).toEqual(['a1|', 'a1|b1']);
  });

  const overlapping = [
    step('a'),
    { name: 'b', condition: 'n == "b" || n == "bc"', quantifier: { kind: 'oneOrMore' } },
    { name: 'c', condition: 'n == "c" || n == "bc"' },
  ];

  it('oneOrMore (not greedy): an event matching both the loop and the next step branches', () => {
    expect(matches(overlapping, 'a1 b1 bc1 c1')).toEqual(['a1|b1|bc1', 'a1|b1,bc1|c1']);
  });

  it('greedy: the loop keeps the event and proceeds only on events it cannot take', () => {
    const greedy = overlapping.map((s) => (s.name === 'b' ? { ...s, greedy: true } : s));
    expect(matches(greedy, 'a1 b1 bc1 c1')).toEqual(['a1|b1,bc1|c1']);
  });

  it('oneOrMore at the end: a match at every taken event', () => {
    const steps = [step('a'), step('b', { quantifier: { kind: 'oneOrMore' } })];
    expect(matches(steps, 'a1 b1 x1 b2')).toEqual(['a1|b1', 'a1|b1,b2']);
  });

  it('oneOrMore + until: the until event ends the loop (and is not taken)', () => {
    const steps = [step('a'), step('b', { quantifier: { kind: 'oneOrMore' }, until: 'n == "u"' })];
    expect(matches(steps, 'a1 b1 b2 u1 b3')).toEqual(['a1|b1', 'a1|b1,b2']);
  });

  it('until may refer to the events taken so far (iterative condition)', () => {
    const steps = [step('a'), step('b', { quantifier: { kind: 'oneOrMore' }, until: 'size(b) >= 2' })];
    expect(matches(steps, 'a1 b1 b2 b3 b4')).toEqual(['a1|b1', 'a1|b1,b2']);
  });

  it('times(n, m): between n and m events', () => {
    const steps = [step('a'), step('b', { quantifier: { kind: 'times', min: 2, max: 3 } })];
    expect(matches(steps, 'a1 b1 x1 b2 b3 b4')).toEqual(['a1|b1,b2', 'a1|b1,b2,b3']);
  });

  it('timesOrMore(n)', () => {
    const steps = [step('a'), step('b', { quantifier: { kind: 'timesOrMore', min: 2 } })];
    expect(matches(steps, 'a1 b1 b2 b3')).toEqual(['a1|b1,b2', 'a1|b1,b2,b3']);
  });

  it('looping steps: relaxed (default) vs consecutive vs allowCombinations', () => {
    const loop = (extra: Record<string, unknown>) => [
      step('a'),
      step('b', { quantifier: { kind: 'oneOrMore' }, ...extra }),
    ];
    expect(matches(loop({}), 'a1 b1 x1 b2 b3')).toEqual(['a1|b1', 'a1|b1,b2', 'a1|b1,b2,b3']);
    expect(matches(loop({ consecutive: true }), 'a1 b1 x1 b2 b3')).toEqual(['a1|b1']);
    expect(matches(loop({ allowCombinations: true }), 'a1 b1 b2 b3')).toEqual([
      'a1|b1',
      'a1|b1,b2',
      'a1|b1,b2,b3',
      'a1|b1,b3',
    ]);
  });

  it('iterative condition: each b must be larger than the previous one', () => {
    const steps = [
      { name: 'a', condition: 'n == "a"' },
      {
        name: 'b',
        condition: 'n == "b" && (size(b) == 0 || v > b[size(b) - 1].v)',
        quantifier: { kind: 'oneOrMore' },
        consecutive: true,
      },
    ];
    const input = [
      { event: { n: 'a', id: 'a1', v: 0 }, time: 1 },
      { event: { n: 'b', id: 'b1', v: 1 }, time: 2 },
      { event: { n: 'b', id: 'b2', v: 5 }, time: 3 },
      { event: { n: 'b', id: 'b3', v: 2 }, time: 4 },
    ];
    const rec = runPattern({ steps }, input);
    expect(rec.out.map((o) => describeMatch(o.event, ['a', 'b']))).toEqual(['a1|b1', 'a1|b1,b2']);
  });
});

describe("after-match skip (the example of Flink's documentation: b+ next c over b1 b2 b3 c1)", () => {
  const steps = [step('b', { quantifier: { kind: 'oneOrMore' } }), step('c', { contiguity: 'strict' })];
  const run = (skip: Record<string, unknown>) => matches(steps, 'b1 b2 b3 c1', { skip });

  it('noSkip', () => {
    expect(run({ strategy: 'noSkip' })).toEqual(['b1,b2,b3|c1', 'b2,b3|c1', 'b3|c1']);
  });

  it('skipToNext', () => {
    expect(run({ strategy: 'skipToNext' })).toEqual(['b1,b2,b3|c1', 'b2,b3|c1', 'b3|c1']);
  });

  it('skipPastLastEvent', () => {
    expect(run({ strategy: 'skipPastLastEvent' })).toEqual(['b1,b2,b3|c1']);
  });

  it('skipToFirst(b)', () => {
    expect(run({ strategy: 'skipToFirst', step: 'b' })).toEqual(['b1,b2,b3|c1', 'b2,b3|c1', 'b3|c1']);
  });

  it('skipToLast(b)', () => {
    expect(run({ strategy: 'skipToLast', step: 'b' })).toEqual(['b1,b2,b3|c1', 'b3|c1']);
  });

  it('a match that an older attempt could still prune waits for it (skipPastLastEvent)', () => {
    const sameV = {
      steps: [
        { name: 'a', condition: 'n == "a"' },
        { name: 'b', condition: 'n == "b" && v == a[0].v' },
      ],
      skip: { strategy: 'skipPastLastEvent' },
    };
    const ev = (n: string, v: number, time: number) => ({ event: { n, v, id: `${n}${v}` }, time });
    const ids = (rec: ReturnType<typeof runPattern>) =>
      rec.out.map((o) => [describeMatch(o.event, ['a', 'b']), o.time]);
    // a2 completes first, but a1 started earlier: a1's match comes first and its skip prunes a2's
    const both = runPattern(sameV, [ev('a', 1, 1000), ev('a', 2, 2000), ev('b', 2, 3000), ev('b', 1, 4000)]);
    expect(ids(both)).toEqual([['a1|b1', 4000]]);
    // a1 never completes: a2's match is released at end of input, after the last watermark (3000)
    const alone = runPattern(sameV, [ev('a', 1, 1000), ev('a', 2, 2000), ev('b', 2, 3000)]);
    expect(ids(alone)).toEqual([['a2|b2', 3001]]);
  });

  it('skipToNext drops other matches that start at the same event', () => {
    const tail = [step('a'), step('b', { quantifier: { kind: 'oneOrMore' } })];
    expect(matches(tail, 'a1 b1 b2', { skip: { strategy: 'noSkip' } })).toEqual(['a1|b1', 'a1|b1,b2']);
    expect(matches(tail, 'a1 b1 b2', { skip: { strategy: 'skipToNext' } })).toEqual(['a1|b1']);
  });

  it('relaxed contiguity after a loop: an attempt may skip loop events (noSkip)', () => {
    const relaxed = [step('a', { quantifier: { kind: 'oneOrMore' } }), step('b')];
    expect(matches(relaxed, 'a1 a2 b1')).toEqual(['a1|b1', 'a1,a2|b1', 'a2|b1']);
  });
});

describe('emit: summary (a new pattern node: one readable row per match)', () => {
  it('a burst of failures gives one row: key, number of events, first and last time, first event fields', () => {
    const fail = (user: string, ip: string, time: number) => ({
      event: { user, ip, type: 'fail', ts: time },
      time,
    });
    const params = {
      steps: [{ name: 'fails', condition: 'type == "fail"', quantifier: { kind: 'times', min: 3 } }],
      key: 'user',
      emit: 'summary',
      skip: { strategy: 'skipPastLastEvent' },
    };
    const input = [
      fail('ann', '10.0.0.1', 1000),
      fail('bob', '10.0.0.9', 1500),
      fail('ann', '10.0.0.2', 2000),
    ];
    input.push(fail('ann', '10.0.0.3', 3000), fail('ann', '10.0.0.4', 4000));
    const rec = runPattern(params, input);
    expect(rec.errors).toEqual([]);
    expect(rec.out.map((o) => o.event)).toEqual([
      {
        key: 'ann',
        events: 3,
        first_time: 1000,
        last_time: 3000,
        user: 'ann',
        ip: '10.0.0.1',
        type: 'fail',
        ts: 1000,
      },
    ]);
    // the column order a table shows: the match's own fields first
    expect(Object.keys(rec.out[0]!.event).slice(0, 4)).toEqual(['key', 'events', 'first_time', 'last_time']);
  });

  it('unkeyed: no key column; an event field named like a summary field is overridden, not duplicated', () => {
    const rec = runPattern({ steps: [step('a'), step('b')], emit: 'summary' }, [
      { event: { n: 'a', events: 'mine' }, time: 1000 },
      { event: { n: 'b' }, time: 2000 },
    ]);
    expect(rec.out.map((o) => o.event)).toEqual([{ events: 2, first_time: 1000, last_time: 2000, n: 'a' }]);
  });

  it('output fields, when listed, still decide the row', () => {
    const rec = runPattern(
      { steps: [step('a')], emit: 'summary', output: [{ name: 'id', expr: 'a[0].id' }] },
      letters('a1'),
    );
    expect(rec.out.map((o) => o.event)).toEqual([{ id: 'a1' }]);
  });
});
