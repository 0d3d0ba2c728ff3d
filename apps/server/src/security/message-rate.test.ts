import { describe, expect, it } from 'vitest';
import { MessageRate } from './message-rate.js';

describe('MessageRate', () => {
  it('allows a second worth of burst, then refuses, notifying once per second', () => {
    const r = new MessageRate({ perSecond: 10, graceMs: 2000 }, 0);
    for (let i = 0; i < 10; i++) expect(r.take(0)).toEqual({ ok: true });
    expect(r.take(0)).toEqual({
      ok: false,
      notify: true,
      close: false,
      reason: 'over 10 messages per second',
    });
    expect(r.take(50)).toMatchObject({ ok: false, notify: false, close: false });
    expect(r.take(100)).toEqual({ ok: true }); // one token back after 100 ms
  });

  it('closes a client that stays over the rate for the grace period, not one that slows down', () => {
    const flood = new MessageRate({ perSecond: 10, graceMs: 2000 }, 0);
    let closedAt: number | undefined;
    for (let t = 0; t <= 3000 && closedAt === undefined; t += 5) {
      const v = flood.take(t);
      if (!v.ok && v.close) closedAt = t;
    }
    expect(closedAt).toBeGreaterThanOrEqual(2000);
    expect(closedAt).toBeLessThan(2200);

    const polite = new MessageRate({ perSecond: 10, graceMs: 2000 }, 0);
    for (let i = 0; i < 12; i++) polite.take(0); // a burst over the limit...
    for (let t = 1000; t <= 10_000; t += 100) expect(polite.take(t)).toEqual({ ok: true }); // ...then 10/s
    const burst = Array.from({ length: 12 }, () => polite.take(10_000));
    expect(burst.filter((v) => v.ok)).toHaveLength(9);
    expect(burst.at(-1)).toMatchObject({ ok: false, close: false }); // over again, but a fresh grace period
  });
});
