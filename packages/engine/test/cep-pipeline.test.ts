/**
 * examples/brute-force-logins.json end to end through the runtime (runBounded): the generator is
 * replaced by hand-written logins whose alerts and timeouts are computed by hand below.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBounded } from '../src/index.js';

const example = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../examples/brute-force-logins.json', import.meta.url)), 'utf8'),
);

const login = (user: string, type: 'fail' | 'ok', ts: number) => ({ user, type, ts, ip: `10.0.0.${ts % 7}` });

describe('examples/brute-force-logins.json', () => {
  it('alerts on three consecutive failures within 60 s per user; expired attempts go to timeout', async () => {
    const logins = [
      login('ann', 'fail', 0),
      login('bob', 'fail', 5_000), // ended by bob's ok at 6 s
      login('bob', 'ok', 6_000),
      login('bob', 'fail', 7_000),
      login('bob', 'fail', 8_000),
      login('ann', 'fail', 10_000),
      login('ann', 'fail', 20_000), // alert: ann 0, 10, 20 s (skipPastLastEvent: nothing overlaps it)
      login('ann', 'fail', 30_000),
      login('ann', 'fail', 40_000),
      login('carol', 'fail', 50_000),
      login('carol', 'fail', 50_300), // arrives before 50.1 s, within the 500 ms bound
      login('carol', 'fail', 50_100), // alert: carol 50, 50.1, 50.3 s in event-time order
      login('bob', 'fail', 70_000), // 63 s after bob's 7 s: [7, 8] expired at 67 s
      login('ann', 'fail', 100_000), // [30, 40] expired at 90 s, [40] at 100 s
      login('ann', 'fail', 1_000), // far behind the watermark: late
    ];
    const r = await runBounded(example, { inputs: { logins }, maxEvents: 2 });

    expect(r.outputs.alerts).toEqual([
      { user: 'ann', attempts: 3, start: 0, ip: '10.0.0.0' },
      { user: 'carol', attempts: 3, start: 50_000, ip: `10.0.0.${50_000 % 7}` },
    ]);
    expect(r.outputs['alert-log']).toEqual(r.outputs.alerts);

    const timeouts = (r.outputs['three-failures.timeout'] ?? []).map((t) =>
      (t.first as { user: string; ts: number }[]).map((e) => `${e.user}@${e.ts / 1000}`).join(' '),
    );
    // in the order their 60 s ran out: 67, 68, 90, 100, 130, 160 s (the last two at end of input)
    expect(timeouts).toEqual(['bob@7 bob@8', 'bob@8', 'ann@30 ann@40', 'ann@40', 'bob@70', 'ann@100']);

    expect(r.outputs['three-failures.late']).toEqual([login('ann', 'fail', 1_000)]);
  });
});
