import type { PipelineDocument } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { nextWindowEnd, watermarkHolder } from './watermark-holder';
import { whyWindowWaits } from './window-wait';

const T = Date.UTC(2026, 11, 1, 12, 0, 0);
const now = T + 60_000;

describe('whyWindowWaits', () => {
  it('names the watermark, the window end and the silent source holding it back', () => {
    const source = { id: 'logins', silentMs: 40_000, idleTimeoutMs: 0, lagMs: 500 };
    expect(whyWindowWaits({ watermark: T + 3000, windowEnd: T + 5000, source, now })).toBe(
      'watermark is 12:00:03, this window ends 12:00:05; the watermark is held back by source `logins` (no event for 40 s; idle timeout off)',
    );
    expect(
      whyWindowWaits({
        watermark: T + 3000,
        windowEnd: T + 5000,
        source: { ...source, idleTimeoutMs: 60_000 },
        now,
      }),
    ).toContain('(no event for 40 s; idle timeout 1 min)');
  });

  it('tells a slow source from a silent one, and says when a preview fired a window only at its end', () => {
    const busy = { id: 'clicks', silentMs: 100, idleTimeoutMs: 0, lagMs: 2000 };
    expect(whyWindowWaits({ watermark: T + 3000, windowEnd: T + 5000, source: busy, now })).toBe(
      'watermark is 12:00:03, this window ends 12:00:05; source `clicks` sends events, but their event time has not reached 12:00:05 yet, and the watermark trails it by 2 s',
    );
    expect(
      whyWindowWaits({ watermark: T + 3000, windowEnd: T + 5000, source: busy, sampleEnded: true, now }),
    ).toBe(
      'watermark is 12:00:03, this window ends 12:00:05; the watermark is held back by source `clicks` (its sample has no later event; idle timeout off). It fired only because the sample ended; a run would wait',
    );
    expect(
      whyWindowWaits({ watermark: null, windowEnd: null, source: { ...busy, silentMs: null }, now }),
    ).toBe(
      'there is no watermark yet; the watermark is held back by source `clicks` (no event yet; idle timeout off)',
    );
    expect(whyWindowWaits({ watermark: T + 6000, windowEnd: T + 5000, now })).toContain('has passed its end');
    // Another day's times carry their date.
    expect(whyWindowWaits({ watermark: T, windowEnd: T + 5000, now: T + 86_400_000 * 3 })).toContain(
      '2026-12-01 12:00:00',
    );
  });
});

describe('watermarkHolder', () => {
  const doc = {
    version: 1,
    name: 'two',
    nodes: [
      { id: 'a', kind: 'source.generator', params: {} },
      { id: 'b', kind: 'source.generator', params: {} },
      { id: 'ta', kind: 'time.assign-timestamps', params: {} },
      { id: 'tb', kind: 'time.assign-timestamps', params: {} },
      { id: 'u', kind: 'transform.union', params: {} },
      { id: 'w', kind: 'window.tumbling', params: {} },
    ],
    edges: [
      { id: 'e1', source: 'a', sourcePort: 'out', target: 'ta', targetPort: 'in' },
      { id: 'e2', source: 'b', sourcePort: 'out', target: 'tb', targetPort: 'in' },
      { id: 'e3', source: 'ta', sourcePort: 'out', target: 'u', targetPort: 'in' },
      { id: 'e4', source: 'tb', sourcePort: 'out', target: 'u', targetPort: 'in' },
      { id: 'e5', source: 'u', sourcePort: 'out', target: 'w', targetPort: 'in' },
    ],
  } as unknown as PipelineDocument;
  const params = new Map<string, Record<string, unknown>>([
    ['ta', { idleTimeoutMs: 0, maxOutOfOrdernessMs: 0 }],
    ['tb', { idleTimeoutMs: 30_000, maxOutOfOrdernessMs: 500 }],
  ]);

  it('follows the lowest watermark upstream to its source', () => {
    const wm: Record<string, number | null> = { ta: T + 9000, tb: T + 3000 };
    const silent: Record<string, number | null> = { a: 10, b: 40_000 };
    const holder = () =>
      watermarkHolder(
        doc,
        'w',
        params,
        (n) => wm[n] ?? null,
        (s) => silent[s] ?? null,
      );
    expect(holder()).toEqual({
      id: 'b',
      silentMs: 40_000,
      idleTimeoutMs: 30_000,
      lagMs: 500,
    });
    // An assigner without a watermark yet holds everything back.
    wm.ta = null;
    expect(holder()?.id).toBe('a');
    expect(
      watermarkHolder(
        doc,
        'a',
        params,
        () => null,
        () => null,
      ),
    ).toBeUndefined();
  });

  it('finds the earliest open window end', () => {
    expect(nextWindowEnd(T + 3000, 5000)).toBe(T + 5000);
    expect(nextWindowEnd(T + 5000, 5000)).toBe(T + 10_000);
    // 10 s windows every 5 s: at 12:00:03 the window [11:59:55, 12:00:05) is still open.
    expect(nextWindowEnd(T + 3000, 10_000, 5000)).toBe(T + 5000);
  });
});
