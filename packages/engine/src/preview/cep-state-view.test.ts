import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cepStateView } from './cep-state-view.js';
import { previewRun } from './preview-run.js';

const logins = JSON.parse(
  readFileSync(new URL('../../../../examples/brute-force-logins.json', import.meta.url), 'utf8'),
);
const login = (user: string, ts: number) => ({ user, type: 'fail', ts, ip: '10.0.0.1' });

describe('cepStateView', () => {
  it('counts every partial match per step, and cuts keys, partial matches and events to the limits', async () => {
    // 30 users with two failures each, waiting for a third
    const sample = Array.from({ length: 30 }, (_, i) => [
      login(`u${i}`, 100_000 + 1000 * i),
      login(`u${i}`, 100_500 + 1000 * i),
    ]).flat();
    const r = await previewRun(logins, { samples: { logins: sample }, stateOf: ['three-failures'] });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const full = cepStateView(r.states['three-failures'], 1);
    expect(full).toMatchObject({ keys: 30, truncated: false });
    // each user has two attempts open (from its first failure, and from its second); the last one, whose
    // second failure is still behind the watermark, has one
    expect(full.partials).toBe(59);
    expect(full.perStep).toEqual([59]);
    expect(full.oldest[0]!.partials[0]!.events.map((e) => e.time)).toEqual([100_000, 100_500]);
    expect(full.oldest[0]!.key).toBe('u0');

    const cut = cepStateView(r.states['three-failures'], 1, {
      keys: 5,
      partialsPerKey: 1,
      eventsPerPartial: 1,
    });
    expect(cut).toMatchObject({ keys: 30, partials: 59, truncated: true });
    expect(cut.oldest.map((k) => k.key)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(cut.oldest[0]!.partials).toHaveLength(1);
    // the most recent event of the oldest partial match is kept
    expect(cut.oldest[0]!.partials[0]!.events.map((e) => e.time)).toEqual([100_500]);
  });

  it('an empty view for what is not a pattern snapshot', () => {
    expect(cepStateView(undefined, 2)).toEqual({
      keys: 0,
      partials: 0,
      perStep: [0, 0],
      oldest: [],
      truncated: false,
    });
  });
});
