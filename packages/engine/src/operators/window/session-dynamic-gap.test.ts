import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feed, harness } from '../../../test/support/operator-context.js';
import type { Event } from '../../runtime/operator.js';

/** A session keyed by k whose gap is each event's `g` (Flink's withDynamicGap). */
function session(restore?: unknown) {
  return harness(
    'window.session',
    {
      gapMs: 1000,
      dynamicGap: 'g',
      keyBy: ['k'],
      aggregations: [
        { name: 'n', fn: 'count' },
        { name: 'total', fn: 'sum', field: 'v' },
      ],
    },
    restore === undefined ? {} : { restore },
  );
}

const ev = (g: unknown, v: number, k = 'a'): Event => ({ k, g, v });
const brief = (h: ReturnType<typeof session>) =>
  h.events('out').map((r) => [r.window_start, r.window_end, r.n, r.total]);

describe('window.session with dynamicGap', () => {
  it('gives each event its own gap: sessions end at the latest t + gap of their events', () => {
    const h = session();
    feed(h.op, [
      [0, ev(100, 1)], // [0, 100)
      [50, ev(5, 2)], // inside: the session stays [0, 100)
      [150, ev(5, 4)], // [150, 155)
      [154, ev(20, 8)], // grows it to [150, 174)
    ]);
    h.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(brief(h)).toEqual([
      [0, 100, 2, 3],
      [150, 174, 2, 12],
    ]);
  });

  it('adds a gap-0 event to the session containing its time, never widening it: [10, 21) holds 10..20', () => {
    const h = session();
    feed(h.op, [
      [10, ev(11, 1)], // an auction: [10, 21)
      [10, ev(0, 2)],
      [20, ev(0, 4)],
      [21, ev(0, 8)], // touches the end, is not inside: alone
      [9, ev(0, 16)], // touches the start, is not inside: alone
    ]);
    h.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(brief(h)).toEqual([
      [9, 10, 1, 16],
      [10, 21, 3, 7],
      [21, 22, 1, 8],
    ]);
  });

  it('takes in gap-0 events that arrived before the session containing them, and no others', () => {
    const h = session();
    feed(h.op, [
      [12, ev(0, 1)],
      [15, ev(0, 2)],
      [9, ev(0, 4)],
      [21, ev(0, 8)],
      [10, ev(11, 16)], // [10, 21) contains 12 and 15, not 9 or 21
    ]);
    h.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(brief(h)).toEqual([
      [9, 10, 1, 4],
      [10, 21, 3, 19],
      [21, 22, 1, 8],
    ]);
  });

  it('never chains gap-0 events one millisecond apart into one session', () => {
    const h = session();
    feed(h.op, [
      [5, ev(0, 1)],
      [6, ev(0, 2)],
      [6, ev(0, 4)],
      [7, ev(0, 8)],
    ]);
    h.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(brief(h)).toEqual([
      [5, 6, 1, 1],
      [6, 7, 2, 6],
      [7, 8, 1, 8],
    ]);
  });

  it('fires a session once the watermark passes its last millisecond', () => {
    const h = session();
    feed(h.op, [
      [10, ev(11, 1)],
      [20, ev(0, 2)],
    ]);
    h.op.onWatermark(19);
    expect(h.events('out')).toEqual([]);
    h.op.onWatermark(20);
    expect(brief(h)).toEqual([[10, 21, 2, 3]]);
    feed(h.op, [[20, ev(0, 4)]]);
    expect(h.late).toBe(1);
  });

  it('sends an event whose gap is not a whole number of ms, 0 or more, to the error port', () => {
    const h = session();
    feed(h.op, [
      [0, ev(-1, 1)],
      [0, ev('10', 2)],
      [0, ev(1.5, 4)],
      [0, { k: 'a', v: 8 }],
      [0, ev(3, 16)],
    ]);
    h.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(h.events('error').map((e) => e.error)).toEqual([
      'dynamicGap gave -1: expected a whole number of ms, 0 or more',
      'dynamicGap gave "10": expected a whole number of ms, 0 or more',
      'dynamicGap gave 1.5: expected a whole number of ms, 0 or more',
      expect.stringMatching(/^dynamicGap: .*g/),
    ]);
    expect(brief(h)).toEqual([[0, 3, 1, 16]]);
  });

  it('keeps point sessions through a snapshot: a later session takes them in only if it contains them', () => {
    const h = session();
    feed(h.op, [
      [30, ev(0, 1)],
      [40, ev(0, 2)],
    ]);
    const restored = session(JSON.parse(JSON.stringify(h.op.snapshot())));
    feed(restored.op, [
      [29, ev(1, 4)], // [29, 30) touches the point at 30: apart
      [35, ev(6, 8)], // [35, 41) contains 40
    ]);
    restored.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(brief(restored)).toEqual([
      [29, 30, 1, 4],
      [30, 31, 1, 1],
      [35, 41, 2, 10],
    ]);
  });
});

/**
 * The sessions as connected components, whatever the arrival order: an event with gap g > 0 covers
 * [t, t + g), one with gap 0 the point t; two spans are connected when they overlap or touch (Flink's
 * TimeWindow.intersects), a span and a point when the span contains it, two points when equal.
 */
function oracle(input: { k: string; t: number; g: number; v: number }[]): number[][] {
  const parent = input.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] as number;
    return i;
  };
  const connected = (a: (typeof input)[number], b: (typeof input)[number]) => {
    if (a.k !== b.k) return false;
    if (a.g > 0 && b.g > 0) return a.t <= b.t + b.g && b.t <= a.t + a.g;
    if (a.g === 0 && b.g === 0) return a.t === b.t;
    const [span, point] = a.g > 0 ? [a, b] : [b, a];
    return span.t <= point.t && point.t < span.t + span.g;
  };
  for (let i = 0; i < input.length; i++)
    for (let j = 0; j < i; j++) if (connected(input[i]!, input[j]!)) parent[find(i)] = find(j);
  const groups = new Map<number, (typeof input)[number][]>();
  input.forEach((e, i) => {
    groups.set(find(i), [...(groups.get(find(i)) ?? []), e]);
  });
  return [...groups.values()]
    .map((es) => [
      Math.min(...es.map((e) => e.t)),
      Math.max(...es.map((e) => e.t + Math.max(e.g, 1))),
      es.length,
      es.reduce((s, e) => s + e.v, 0),
    ])
    .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
}

describe('window.session with dynamicGap against connected components', () => {
  it('finds the same sessions in any arrival order, across a snapshot at any point', () => {
    const event = fc.record({
      t: fc.integer({ min: 0, max: 120 }),
      g: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 25 })),
      v: fc.integer({ min: 1, max: 9 }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), fc.nat(), (raw, cut) => {
        const input = raw.map((e) => ({ ...e, k: 'a' }));
        const at = input.length === 0 ? 0 : cut % (input.length + 1);
        const first = session();
        feed(
          first.op,
          input.slice(0, at).map((e) => [e.t, ev(e.g, e.v)]),
        );
        const second = session(JSON.parse(JSON.stringify(first.op.snapshot())));
        feed(
          second.op,
          input.slice(at).map((e) => [e.t, ev(e.g, e.v)]),
        );
        second.op.onWatermark(Number.POSITIVE_INFINITY);
        const got = brief(second).sort(
          (a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number),
        );
        expect(got).toEqual(oracle(input));
      }),
      { numRuns: 500 },
    );
  });
});
