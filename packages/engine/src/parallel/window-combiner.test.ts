import { describe, expect, it } from 'vitest';
import { emitCollector } from '../../test/support/emit-collector.js';
import type { Event } from '../runtime/operator.js';
import { type CombinedAggregation, PARTIAL_EVENTS } from './partial-aggregates.js';
import { type WindowCombine, WindowCombiner } from './window-combiner.js';

const E = PARTIAL_EVENTS;

const combine = (aggregations: CombinedAggregation[], paneMs = 10): WindowCombine => ({
  type: 'window',
  paneMs,
  offsetMs: 0,
  key: ['k'],
  aggregations,
});

describe('WindowCombiner', () => {
  it('folds a bundle into one partial per key and pane, with the latest time, and sends it at the drain', () => {
    const c = new WindowCombiner(combine([{ fn: 'count', name: 'n' }]));
    const out = emitCollector();
    c.add([{ k: 'a' }, { k: 'b' }, { k: 'a' }, { k: 'a' }, { k: 'a' }], [3, 4, 7, 12, 5], out.emit);
    expect(out.got).toEqual([]);
    c.drain(out.emit);
    // Pane [0, 10): a three times (latest at 7), b once; pane [10, 20): a once.
    expect(out.got).toEqual([
      [{ k: 'a', n: 3, [E]: 3 }, 7],
      [{ k: 'b', n: 1, [E]: 1 }, 4],
      [{ k: 'a', n: 1, [E]: 1 }, 12],
    ]);
    // The next bundle starts empty.
    c.drain(out.emit);
    expect(out.got).toHaveLength(3);
  });

  it('a bundle after a drain reuses the groups of the one before: only its own keys and parts go out', () => {
    const c = new WindowCombiner(
      combine([
        { fn: 'count', name: 'n' },
        { fn: 'max', field: 'v', name: 'top' },
      ]),
    );
    const out = emitCollector();
    /** What one bundle of these events sends. */
    const bundle = (events: Event[], times: number[]) => {
      const from = out.got.length;
      c.add(events, times, out.emit);
      c.drain(out.emit);
      return out.got.slice(from);
    };
    bundle(
      [
        { k: 'a', v: 9 },
        { k: 'b', v: 1 },
        { k: 'c', v: 5 },
      ],
      [1, 2, 3],
    );
    // Fewer keys, in another order, one of them new and one without a value: group 0 was a's, 1 b's.
    expect(bundle([{ k: 'b' }, { k: 'd', v: 4 }, { k: 'b', v: 2 }], [4, 5, 6])).toEqual([
      [{ k: 'b', n: 2, v: 2, [E]: 2 }, 6],
      [{ k: 'd', n: 1, v: 4, [E]: 1 }, 5],
    ]);
    // A key of both bundles whose old group number is now another key's: a new group, not that one.
    expect(
      bundle(
        [
          { k: 'd', v: 1 },
          { k: 'a', v: 3 },
          { k: 'd', v: 7 },
        ],
        [7, 8, 9],
      ),
    ).toEqual([
      [{ k: 'd', n: 2, v: 7, [E]: 2 }, 9],
      [{ k: 'a', n: 1, v: 3, [E]: 1 }, 8],
    ]);
  });

  it('counts, sums, minima and maxima as the window would, skipping null and missing values', () => {
    const c = new WindowCombiner(
      combine([
        { fn: 'count', name: 'events' },
        { fn: 'count', field: 'price', name: 'priced' },
        { fn: 'sum', field: 'price', name: 'total' },
        { fn: 'max', field: 'bidder', name: 'last' },
        { fn: 'min', field: 'size', name: 'smallest' },
      ]),
    );
    const out = emitCollector();
    c.add(
      [
        { k: 1, price: 5, bidder: 'x', size: 3 },
        { k: 1, price: null, bidder: 'z' },
        { k: 1, price: 2.5, bidder: 'y', size: 1 },
      ],
      [1, 2, 3],
      out.emit,
    );
    c.drain(out.emit);
    // A sum or extreme sits under the field it reads: the window aggregates it as it would the values.
    expect(out.got).toEqual([[{ k: 1, events: 3, priced: 2, price: 7.5, bidder: 'z', size: 1, [E]: 3 }, 3]]);
  });

  it('leaves a part out when no event had a value; a missing key and a null one are one key, as in the window', () => {
    const c = new WindowCombiner(combine([{ fn: 'max', field: 'v', name: 'm' }]));
    const out = emitCollector();
    c.add([{ other: 1 }, { k: null, v: null }], [1, 2], out.emit);
    c.drain(out.emit);
    expect(out.got).toEqual([[{ [E]: 2 }, 2]]);
  });

  it('sends alone what the window must judge alone: a pane the watermark reached, no valid time, a bad sum', () => {
    const c = new WindowCombiner(combine([{ fn: 'sum', field: 'price', name: 'total' }]));
    const out = emitCollector();
    c.onWatermark(9);
    c.add(
      [
        { k: 'a', price: 1 },
        { k: 'a', price: 'ten' },
        { k: 'a', price: 2 },
        { k: 'a', price: 3 },
        { k: 'a', price: 4 },
      ],
      [11, 12, Number.NaN, 5, 13],
      out.emit,
    );
    // [0, 10) is reached: its event may be late or update a fired window, so it goes as a partial
    // of its own, as does the one without time; the window rejects 'ten' with its own reason.
    expect(out.got).toEqual([
      [{ k: 'a', price: 'ten' }, 12],
      [{ k: 'a', price: 2, [E]: 1 }, Number.NaN],
      [{ k: 'a', price: 3, [E]: 1 }, 5],
    ]);
    c.drain(out.emit);
    expect(out.got[3]).toEqual([{ k: 'a', price: 5, [E]: 2 }, 13]);
  });

  it('sends a bundle that reached its bound of groups without waiting for the drain', () => {
    const c = new WindowCombiner(combine([{ fn: 'count', name: 'n' }]));
    const out = emitCollector();
    const events = Array.from({ length: 5000 }, (_, i) => ({ k: i }));
    c.add(
      events,
      events.map(() => 1),
      out.emit,
    );
    expect(out.got).toHaveLength(5000);
    expect(out.got.every(([e]) => e.n === 1 && e[E] === 1)).toBe(true);
  });
});
