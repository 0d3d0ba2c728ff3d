import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feed, harness, results } from '../../../test/support/operator-context.js';
import type { Operator } from '../../runtime/operator.js';

function sliding(params: Record<string, unknown> = {}, restore?: unknown) {
  const { op, ctx } = harness(
    'window.sliding',
    {
      sizeMs: 10,
      slideMs: 5,
      offsetMs: 0,
      keyBy: [],
      aggregations: [{ name: 'vs', fn: 'collect', field: 'v' }],
      allowedLatenessMs: 0,
      earlyFireMs: 0,
      timeMode: 'event',
      ...params,
    },
    restore === undefined ? {} : { restore },
  );
  return { op, ctx };
}

describe('window.sliding', () => {
  it('puts each event in every window of the slide grid that holds it, boundaries included', () => {
    const { op, ctx } = sliding();
    feed(op, [
      [4, { v: 'a' }], // [-5, 5) and [0, 10)
      [5, { v: 'b' }], // [0, 10) and [5, 15)
      [10, { v: 'c' }], // [5, 15) and [10, 20)
    ]);
    op.onWatermark(9);
    expect(results(ctx).map((r) => [r.window_start, r.window_end, r.vs, r.$time])).toEqual([
      [-5, 5, ['a'], 4],
      [0, 10, ['a', 'b'], 9],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(
      results(ctx)
        .slice(2)
        .map((r) => [r.window_start, r.vs]),
    ).toEqual([
      [5, ['b', 'c']],
      [10, ['c']],
    ]);
  });

  it('adds a late event to the windows still within lateness and is late only when all of them are gone', () => {
    const { op, ctx } = sliding({ allowedLatenessMs: 3 });
    feed(op, [[12, { v: 'x' }]]); // [5, 15) and [10, 20)
    op.onWatermark(16); // fires [5, 15) at 14; it stays while watermark < 14 + 3
    feed(op, [[9, { v: 'y' }]]); // [0, 10) is gone (9 + 3 <= 16), [5, 15) updates
    expect(ctx.recorded.late).toEqual([]);
    expect(results(ctx).map((r) => [r.window_start, r.window_fire, r.vs])).toEqual([
      [5, 'final', ['x']],
      [5, 'update', ['y', 'x']],
    ]);
    op.onWatermark(17);
    feed(op, [[9, { v: 'z' }]]); // both of its windows are past lateness now
    expect(ctx.recorded.late.map((l) => l.event)).toEqual([{ v: 'z' }]);
  });

  it('applies the offset to the slide grid', () => {
    const { op, ctx } = sliding({ offsetMs: 2, aggregations: [{ name: 'n', fn: 'count' }] });
    feed(op, [[2, {}]]); // [-3, 7) and [2, 12)
    op.onWatermark(Number.POSITIVE_INFINITY);
    expect(results(ctx).map((r) => [r.window_start, r.window_end, r.n])).toEqual([
      [-3, 7, 1],
      [2, 12, 1],
    ]);
  });
});

/** Every aggregation that pane sharing combines, on an int field and on a field that is sometimes null. */
const COMBINABLE = [
  { name: 'n', fn: 'count' },
  { name: 'nv', fn: 'count', field: 'v' },
  { name: 'sum', fn: 'sum', field: 'v' },
  { name: 'avg', fn: 'avg', field: 'v' },
  { name: 'min', fn: 'min', field: 'v' },
  { name: 'max', fn: 'max', field: 'v' },
  { name: 'first', fn: 'first', field: 'v' },
  { name: 'last', fn: 'last', field: 'v' },
];

type Step = { batch: [number, { k: string; v: number | null }][] } | { watermark: number };

/** Batches of events (times 0-399, disorder up to 80) and watermarks that pass some of them: late data. */
const steps = fc
  .array(
    fc.record({
      t: fc.integer({ min: 0, max: 399 }),
      k: fc.constantFrom('a', 'b', 'c'),
      v: fc.option(fc.integer({ min: -9, max: 9 }), { freq: 5 }),
      cut: fc.boolean(),
      lag: fc.integer({ min: 0, max: 60 }),
    }),
    { maxLength: 120 },
  )
  .map((raw) => {
    const out: Step[] = [];
    let batch: [number, { k: string; v: number | null }][] = [];
    let wm = Number.NEGATIVE_INFINITY;
    for (const r of raw) {
      batch.push([r.t, { k: r.k, v: r.v }]);
      if (r.cut) {
        out.push({ batch });
        batch = [];
        const next = Math.max(...out.flatMap((s) => ('batch' in s ? s.batch.map(([t]) => t) : []))) - r.lag;
        if (next > wm) {
          wm = next;
          out.push({ watermark: wm });
        }
      }
    }
    out.push({ batch }, { watermark: Number.POSITIVE_INFINITY });
    return out;
  });

function play(op: Operator, list: Step[]): void {
  for (const s of list) {
    if ('batch' in s) feed(op, s.batch);
    else op.onWatermark(s.watermark);
  }
}

describe('window.sliding pane sharing', () => {
  it('gives the per-window output, late updates and late drops included, and restores either way', () => {
    fc.assert(
      fc.property(
        steps,
        fc.constantFrom(0, 15, 45),
        fc.nat(),
        fc.constantFrom(0, 3),
        (list, lateness, cutAt, offsetMs) => {
          const params = { sizeMs: 40, slideMs: 10, offsetMs, keyBy: ['k'], aggregations: COMBINABLE };
          // Early firing keeps one pane per window; the harness clock never reaches it, so it emits
          // exactly what the per-window path emits without it.
          const perWindow = sliding({ ...params, allowedLatenessMs: lateness, earlyFireMs: 60_000 });
          play(perWindow.op, list);
          const shared = sliding({ ...params, allowedLatenessMs: lateness });
          play(shared.op, list);
          expect(shared.op.snapshot()).toMatchObject({ layout: 'panes' });
          expect(results(shared.ctx)).toEqual(results(perWindow.ctx));
          expect(shared.ctx.recorded.late).toEqual(perWindow.ctx.recorded.late);

          // Cut anywhere: the snapshot of panes restores into pane sharing, and into an operator
          // that turned early firing on (windows rebuilt from the panes).
          const cut = cutAt % (list.length + 1);
          for (const earlyFireMs of [0, 60_000]) {
            const before = sliding({ ...params, allowedLatenessMs: lateness });
            play(before.op, list.slice(0, cut));
            const state = JSON.parse(JSON.stringify(before.op.snapshot()));
            const after = sliding({ ...params, allowedLatenessMs: lateness, earlyFireMs }, state);
            play(after.op, list.slice(cut));
            expect([...results(before.ctx), ...results(after.ctx)]).toEqual(results(perWindow.ctx));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('restores a snapshot of one pane per window (made before pane sharing) in that layout', () => {
    const events: [number, { k: string; v: number }][] = [
      [3, { k: 'a', v: 1 }],
      [14, { k: 'a', v: 2 }],
      [27, { k: 'b', v: 3 }],
    ];
    const params = { sizeMs: 20, slideMs: 10, keyBy: ['k'], aggregations: COMBINABLE };
    const old = sliding({ ...params, earlyFireMs: 60_000 });
    feed(old.op, events.slice(0, 2));
    const { layout, ...state } = JSON.parse(JSON.stringify(old.op.snapshot()));
    expect(layout).toBe('windows');
    const restored = sliding(params, state);
    feed(restored.op, events.slice(2));
    restored.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(restored.op.snapshot()).toMatchObject({ layout: 'windows' });
    expect(results(restored.ctx).map((r) => [r.k, r.window_start, r.n, r.sum])).toEqual([
      ['a', -10, 1, 1],
      ['a', 0, 2, 3],
      ['a', 10, 1, 2],
      ['b', 10, 1, 3],
      ['b', 20, 1, 3],
    ]);
  });
});
