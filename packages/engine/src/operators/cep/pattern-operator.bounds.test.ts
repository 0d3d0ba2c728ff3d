/**
 * Bounds and bad input: caps drop with a count and a reason, evaluation failures become counted
 * errors, late events go to the late port, processing-time mode matches in arrival order, state
 * size reports keys and open partial matches, and a foreign snapshot is refused with a reason.
 */
import { describe, expect, it } from 'vitest';
import {
  createPattern,
  describeMatch,
  letters,
  recordingContext,
  runPattern,
} from '../../../test/support/cep-harness.js';

const ab = (extra: Record<string, unknown> = {}) => ({
  steps: [
    { name: 'a', condition: 'n == "a"' },
    { name: 'b', condition: 'n == "b"', contiguity: 'nonDeterministic' },
  ],
  ...extra,
});

describe('bounds', () => {
  it('maxPartialMatchesPerKey keeps the oldest attempts and counts the dropped ones', () => {
    const rec = runPattern(ab({ maxPartialMatchesPerKey: 2 }), letters('a1 a2 a3 a4 b1'));
    expect(rec.out.map((o) => describeMatch(o.event, ['a', 'b']))).toEqual(['a1|b1', 'a2|b1']);
    expect(rec.dropped).toEqual([
      { count: 1, reason: expect.stringContaining('maxPartialMatchesPerKey') },
      { count: 1, reason: expect.stringContaining('maxPartialMatchesPerKey') },
    ]);
  });

  it('maxBufferedEventsPerKey drops events waiting for the watermark, with a count', () => {
    const { ctx, rec } = recordingContext();
    const op = createPattern(ab({ key: 'k', maxBufferedEventsPerKey: 2 }));
    op.open(ctx);
    const events = [
      { k: 'x', n: 'a' },
      { k: 'x', n: 'b' },
      { k: 'x', n: 'b' },
      { k: 'y', n: 'a' },
    ];
    op.processBatch('in', events, [1, 2, 3, 4]);
    expect(rec.dropped).toEqual([{ count: 1, reason: expect.stringContaining('maxBufferedEventsPerKey') }]);
    expect(op.stateSize()).toEqual({ keys: 2, openWindows: 0 });
    op.onWatermark(10);
    expect(rec.out).toHaveLength(1);
    // once released, the key may buffer again
    op.processBatch(
      'in',
      [
        { k: 'x', n: 'a' },
        { k: 'x', n: 'b' },
      ],
      [11, 12],
    );
    expect(rec.dropped).toHaveLength(1);
  });

  it('with no timeout edge, a quiet key keeps its expired partial match only until the sweep of idle keys', () => {
    const { ctx, rec } = recordingContext();
    const op = createPattern(
      {
        key: 'k',
        steps: [
          { name: 'a', condition: 'n == "a"', quantifier: { kind: 'times', min: 3 }, consecutive: true },
        ],
        withinMs: 1000,
      },
      null,
      ['out'],
    );
    op.open(ctx);
    op.processBatch('in', [{ k: 'quiet', n: 'a' }], [1]);
    op.onWatermark(1);
    expect(op.stateSize()).toEqual({ keys: 1, openWindows: 1 });
    // other keys arrive, past the quiet key's 1 s, until the key table is large enough to be swept
    for (let i = 0; i < 1100; i++) {
      op.processBatch('in', [{ k: `k${i}`, n: 'b' }], [2000 + i]);
      op.onWatermark(2000 + i);
    }
    expect(op.stateSize()).toEqual({ keys: 0, openWindows: 0 });
    expect(rec.timeout).toEqual([]);
  });

  it('reports keys and open partial matches as state size', () => {
    const { ctx } = recordingContext();
    const op = createPattern(ab({ key: 'k' }));
    op.open(ctx);
    op.processBatch(
      'in',
      [
        { k: 'x', n: 'a' },
        { k: 'y', n: 'a' },
        { k: 'y', n: 'a' },
      ],
      [1, 2, 3],
    );
    op.onWatermark(5);
    expect(op.stateSize()).toEqual({ keys: 2, openWindows: 3 });
  });
});

describe('bad input', () => {
  it('a condition that fails on an event is a counted error; the event matches nothing, the run goes on', () => {
    const steps = [
      { name: 'a', condition: 'v > 1' },
      { name: 'b', condition: 'v > 10 / d', contiguity: 'nonDeterministic' },
    ];
    const input = [
      { event: { v: 2, d: 1 }, time: 1 },
      { event: { v: 20, d: 0 }, time: 2 }, // 10 / 0: an evaluation error
      { event: { d: 1 }, time: 3 }, // no v: an error
      { event: { v: 30, d: 1 }, time: 4 },
    ];
    const rec = runPattern({ steps }, input);
    expect(rec.errors.map((e) => e.time)).toEqual([2, 3]);
    expect(rec.errors[0]!.message).toContain('cep.pattern condition');
    expect(rec.out.map((o) => (o.event.b as { v: number }[])[0]!.v)).toEqual([30, 30]);
  });

  it('in a strict chain (times(3).consecutive) an event that fails to evaluate is skipped by every branch', () => {
    const steps = [
      { name: 'f', condition: 'v / d > 0', quantifier: { kind: 'times', min: 3 }, consecutive: true },
    ];
    const input = [1, 2, 0, 3, 4, 5].map((d, i) => ({ event: { v: 1, d, id: `e${i + 1}` }, time: i + 1 }));
    const ids = (rec: ReturnType<typeof runPattern>) =>
      rec.out.map((o) => (o.event.f as { id: string }[]).map((e) => e.id).join(','));
    const rec = runPattern({ steps }, input);
    expect(rec.errors.map((e) => e.time)).toEqual([3]);
    expect(ids(rec)).toEqual(['e1,e2,e4', 'e2,e4,e5', 'e4,e5,e6']);
    const skip = runPattern({ steps, skip: { strategy: 'skipPastLastEvent' } }, input);
    expect(ids(skip)).toEqual(['e1,e2,e4']);
  });

  it('a key that cannot be computed is an error for that event only', () => {
    const rec = runPattern(ab({ key: 'user.name' }), [
      { event: { n: 'a', user: { name: 'x' } }, time: 1 },
      { event: { n: 'b', user: 7 }, time: 2 },
      { event: { n: 'b', user: { name: 'x' } }, time: 3 },
    ]);
    expect(rec.errors).toHaveLength(1);
    expect(rec.out).toHaveLength(1);
  });

  it('an output projection that fails is an error, not a crash', () => {
    const rec = runPattern(ab({ output: [{ name: 'x', expr: 'a[0].missing' }] }), letters('a1 b1'));
    expect(rec.out).toEqual([]);
    expect(rec.errors).toHaveLength(1);
  });

  it('events at or behind the watermark go to the late port', () => {
    const { ctx, rec } = recordingContext();
    const op = createPattern(ab());
    op.open(ctx);
    op.processBatch('in', [{ n: 'a' }], [10]);
    op.onWatermark(10);
    op.processBatch('in', [{ n: 'b', id: 'late' }, { n: 'b' }], [10, 11]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(rec.late).toEqual([{ event: { n: 'b', id: 'late' }, time: 10 }]);
    expect(rec.out).toHaveLength(1);
  });

  it('an event without a valid time is an error', () => {
    const { ctx, rec } = recordingContext();
    const op = createPattern(ab());
    op.open(ctx);
    op.processBatch('in', [{ n: 'a' }], [Number.NaN]);
    expect(rec.errors).toHaveLength(1);
  });

  it('restore refuses a snapshot it did not write, with a reason', () => {
    const op = createPattern(ab());
    expect(() => op.restore({ hello: 1 })).toThrow(/cep.pattern snapshot/);
    expect(() => op.restore(null)).toThrow(/cep.pattern snapshot/);
  });
});

describe('processing time', () => {
  it('matches in arrival order without waiting for a watermark; within timers fire on processing-time ticks', () => {
    const { ctx, rec } = recordingContext();
    const op = createPattern(ab({ timeMode: 'processing', withinMs: 100 }));
    op.open(ctx);
    op.processBatch(
      'in',
      [
        { n: 'a', id: 'a1' },
        { n: 'b', id: 'b1' },
      ],
      [1000, 1001],
    );
    expect(rec.out.map((o) => describeMatch(o.event, ['a', 'b']))).toEqual(['a1|b1']);
    op.onProcessingTime?.(1100);
    expect(rec.timeout.map((o) => describeMatch(o.event, ['a', 'b']))).toEqual(['a1|']);
  });
});

describe('shared buffer', () => {
  it('branches share their prefixes: nodes grow with takes, not with the sum of branch lengths', () => {
    const { ctx } = recordingContext();
    const op = createPattern({
      steps: [
        { name: 'a', condition: 'n == "a"' },
        { name: 'b', condition: 'n == "b"', quantifier: { kind: 'oneOrMore' }, allowCombinations: true },
        { name: 'c', condition: 'n == "c"' },
      ],
    });
    op.open(ctx);
    const input = letters('a1 b1 b2 b3 b4 b5 b6 b7 b8 b9 b10');
    op.processBatch(
      'in',
      input.map((i) => i.event),
      input.map((i) => i.time),
    );
    op.onWatermark(100_000);
    const snap = op.snapshot() as {
      events: unknown[];
      nodes: [number, number, number, number, number][];
      keys: { partials: [number, number, number, number][] }[];
    };
    const partials = snap.keys[0]!.partials;
    const length = (id: number): number => (id < 0 ? 0 : 1 + length(snap.nodes[id]![4]));
    const pathEvents = partials.reduce((sum, p) => sum + length(p[1]), 0);
    // combinations of b1..b10: hundreds of branches
    expect(partials.length).toBeGreaterThan(500);
    expect(snap.events).toHaveLength(11); // each event stored once
    expect(pathEvents).toBeGreaterThan(5 * partials.length);
    expect(snap.nodes.length).toBeLessThanOrEqual(partials.length + 1);
  });
});
