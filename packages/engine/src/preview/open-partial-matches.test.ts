import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPartialMatches } from './open-partial-matches.js';
import { previewRun } from './preview-run.js';

const logins = JSON.parse(
  readFileSync(new URL('../../../../examples/brute-force-logins.json', import.meta.url), 'utf8'),
);

describe('openPartialMatches', () => {
  it('lists the partial matches a pattern still holds when the input ends, per key, oldest first', async () => {
    const login = (user: string, type: string, ts: number) => ({ user, type, ts, ip: '10.0.0.1' });
    const sample = [
      login('ann', 'fail', 1000),
      login('bob', 'fail', 2000),
      login('ann', 'fail', 3000),
      login('bob', 'ok', 4000),
      login('cid', 'fail', 5000),
      login('cid', 'fail', 6000),
      login('cid', 'fail', 7000),
      login('zed', 'ok', 9000),
    ];
    const r = await previewRun(logins, { samples: { logins: sample }, stateOf: ['three-failures'] });
    if (!r.ok) throw new Error(JSON.stringify(r));
    // cid's three failures matched; ann's two wait for a third; bob's run was broken by a success.
    expect(r.ports['three-failures']!.out!.count).toBe(1);
    const open = openPartialMatches(r.states['three-failures']);
    expect(open.map((k) => k.key)).toEqual(['ann']);
    const longest = open[0]!.partials[0]!;
    expect(longest.startTime).toBe(1000);
    expect(longest.events.map((e) => [e.step, e.time, e.event.type])).toEqual([
      [0, 1000, 'fail'],
      [0, 3000, 'fail'],
    ]);
    // Asking for state changes nothing in the output.
    const plain = await previewRun(logins, { samples: { logins: sample } });
    if (!plain.ok) throw new Error('preview failed');
    expect(plain.ports).toEqual(r.ports);
    expect(plain.states).toEqual({});
  });

  it('gives nothing for what is not a pattern snapshot', () => {
    expect(openPartialMatches(undefined)).toEqual([]);
    expect(openPartialMatches({ events: [], nodes: [[0, 5, 0, 0, -1]], keys: [] })).toEqual([]);
  });
});
