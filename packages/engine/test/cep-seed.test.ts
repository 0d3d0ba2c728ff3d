/**
 * The seed pattern, begin("first").where(type == "fail").times(3).consecutive() per user, with and
 * without within(60 s), under each skip strategy, on hand-made sequences with the expected matches
 * written out.
 */
import { describe, expect, it } from 'vitest';
import { runPattern, type Timed } from './support/cep-harness.js';

type Login = { user: string; type: 'fail' | 'ok'; ts: number };

const seed = (extra: Record<string, unknown> = {}) => ({
  key: 'user',
  steps: [
    { name: 'first', condition: 'type == "fail"', quantifier: { kind: 'times', min: 3 }, consecutive: true },
  ],
  ...extra,
});

/** "F F O" for one user, one event per second from `from`. */
function logins(user: string, pattern: string, from = 1000): Timed[] {
  return pattern
    .split(' ')
    .map((c, i): Login => ({ user, type: c === 'F' ? 'fail' : 'ok', ts: from + i * 1000 }))
    .map((event) => ({ event, time: event.ts }));
}

/** Each match as the list of its event times (seconds), with the user. */
function matchTimes(out: Timed[]): string[] {
  return out.map(({ event }) => {
    const first = event.first as Login[];
    return `${first[0]!.user}:${first.map((e) => e.ts / 1000).join(',')}`;
  });
}

describe('seed pattern: three consecutive failures per user', () => {
  const sequence = logins('ann', 'F F F F O F F F'); // seconds 1..8

  it('noSkip: every run of three consecutive failures', () => {
    const rec = runPattern(seed(), sequence);
    expect(matchTimes(rec.out)).toEqual(['ann:1,2,3', 'ann:2,3,4', 'ann:6,7,8']);
    expect(rec.out.map((o) => o.time)).toEqual([3000, 4000, 8000]); // at the time of the last event
  });

  it('skipPastLastEvent: runs do not overlap', () => {
    const rec = runPattern(
      seed({ skip: { strategy: 'skipPastLastEvent' } }),
      logins('ann', 'F F F F F F F O F F F'),
    );
    expect(matchTimes(rec.out)).toEqual(['ann:1,2,3', 'ann:4,5,6', 'ann:9,10,11']);
  });

  it('skipToNext: with a fixed-length pattern every match starts at a different event, so as noSkip', () => {
    const rec = runPattern(seed({ skip: { strategy: 'skipToNext' } }), sequence);
    expect(matchTimes(rec.out)).toEqual(['ann:1,2,3', 'ann:2,3,4', 'ann:6,7,8']);
  });

  it('skipToFirst(first): prunes only attempts started before the match, so as noSkip', () => {
    const rec = runPattern(seed({ skip: { strategy: 'skipToFirst', step: 'first' } }), sequence);
    expect(matchTimes(rec.out)).toEqual(['ann:1,2,3', 'ann:2,3,4', 'ann:6,7,8']);
  });

  it('skipToLast(first): the next match starts at the last failure of the previous one', () => {
    const rec = runPattern(
      seed({ skip: { strategy: 'skipToLast', step: 'first' } }),
      logins('ann', 'F F F F F F F'),
    );
    expect(matchTimes(rec.out)).toEqual(['ann:1,2,3', 'ann:3,4,5', 'ann:5,6,7']);
  });

  it('keys are matched apart, outputs in event-time order across keys', () => {
    const ann = logins('ann', 'F F F', 1000);
    const bob = logins('bob', 'F O F F F', 500);
    const input = [...ann, ...bob].sort((a, b) => a.time - b.time);
    const rec = runPattern(seed(), input);
    expect(matchTimes(rec.out)).toEqual(['ann:1,2,3', 'bob:2.5,3.5,4.5']);
  });

  it('without a key, all events form one sequence', () => {
    const input = [...logins('ann', 'F F', 1000), ...logins('bob', 'F', 3000)];
    const rec = runPattern({ ...seed(), key: '' }, input);
    expect(matchTimes(rec.out)).toEqual(['ann:1,2,3']);
    expect((rec.out[0]!.event.first as Login[]).map((e) => e.user)).toEqual(['ann', 'ann', 'bob']);
  });

  it('the upstream key-by key is used when the node has no key', () => {
    const input = [...logins('ann', 'F F', 1000), ...logins('bob', 'F', 3000), ...logins('ann', 'F', 4000)];
    const rec = runPattern({ ...seed(), key: '' }, input, { upstreamKey: ['user'] });
    expect(matchTimes(rec.out)).toEqual(['ann:1,2,4']);
  });

  describe('within(60 s)', () => {
    const input: Timed[] = [0, 30_000, 60_000, 61_000].map((ts) => ({
      event: { user: 'cy', type: 'fail', ts },
      time: ts,
    }));

    it('without within, both runs match', () => {
      const rec = runPattern(seed(), input);
      expect(matchTimes(rec.out)).toEqual(['cy:0,30,60', 'cy:30,60,61']);
      expect(rec.timeout).toEqual([]);
    });

    it('with within, a match must span less than 60 s; expired partial matches go to timeout', () => {
      const rec = runPattern(seed({ withinMs: 60_000 }), input);
      expect(matchTimes(rec.out)).toEqual(['cy:30,60,61']);
      const timeouts = rec.timeout.map((t) => ({
        at: t.time,
        ts: (t.event.first as Login[]).map((e) => e.ts),
      }));
      expect(timeouts).toEqual([
        { at: 60_000, ts: [0, 30_000] },
        { at: 120_000, ts: [60_000, 61_000] },
        { at: 121_000, ts: [61_000] },
      ]);
    });

    it('59.999 s between first and last still matches', () => {
      const close = [0, 30_000, 59_999].map((ts) => ({ event: { user: 'cy', type: 'fail', ts }, time: ts }));
      expect(matchTimes(runPattern(seed({ withinMs: 60_000 }), close).out)).toEqual(['cy:0,30,59.999']);
    });
  });

  it('the output projection runs over the step lists', () => {
    const rec = runPattern(
      seed({
        skip: { strategy: 'skipPastLastEvent' },
        output: [
          { name: 'user', expr: 'first[0].user' },
          { name: 'attempts', expr: 'size(first)' },
          { name: 'start', expr: 'first[0].ts' },
        ],
      }),
      logins('ann', 'F F F F'),
    );
    expect(rec.out).toEqual([{ event: { user: 'ann', attempts: 3, start: 1000 }, time: 3000 }]);
  });
});
