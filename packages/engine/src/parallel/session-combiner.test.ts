import { describe, expect, it } from 'vitest';
import { emitCollector } from '../../test/support/emit-collector.js';
import { type CombinedAggregation, PARTIAL_EVENTS } from './partial-aggregates.js';
import { SessionCombiner } from './session-combiner.js';

const E = PARTIAL_EVENTS;

const combiner = (aggregations: CombinedAggregation[] = [{ fn: 'count', name: 'n' }], gapMs = 10) =>
  new SessionCombiner({ type: 'session', gapMs, key: ['k'], aggregations });

describe('SessionCombiner', () => {
  it("sends a key's run of events as a partial at its earliest time with every part and one at its latest", () => {
    const c = combiner([
      { fn: 'count', name: 'n' },
      { fn: 'sum', field: 'price', name: 'total' },
      { fn: 'max', field: 'size', name: 'largest' },
    ]);
    const out = emitCollector();
    c.add(
      [
        { k: 'a', price: 2, size: 7 },
        { k: 'b', price: 1 },
        { k: 'a', price: 5, size: 3 },
        { k: 'a', price: 3 },
      ],
      [4, 6, 9, 2],
      out.emit,
    );
    expect(out.got).toEqual([]);
    c.drain(out.emit);
    // a: events at 4, 9, 2, whose windows cover [2, 9 + gap) as those of 2 and 9 alone do; b: one event.
    expect(out.got).toEqual([
      [{ k: 'a', n: 3, price: 10, size: 7, [E]: 2 }, 2],
      [{ k: 'a', n: 0, [E]: 1 }, 9],
      [{ k: 'b', n: 1, price: 1, [E]: 1 }, 6],
    ]);
    // The next bundle starts empty.
    c.drain(out.emit);
    expect(out.got).toHaveLength(3);
  });

  it('starts another group when an event would stretch a group to the gap, sending the one before first', () => {
    const c = combiner();
    const out = emitCollector();
    c.add([{ k: 'a' }, { k: 'a' }, { k: 'a' }, { k: 'a' }], [0, 5, 10, 12], out.emit);
    // 10 - 0 is the gap: the windows of 0 and 10 only touch, so [0, 5] goes before 10 starts a group.
    expect(out.got).toEqual([
      [{ k: 'a', n: 2, [E]: 1 }, 0],
      [{ k: 'a', n: 0, [E]: 1 }, 5],
    ]);
    c.drain(out.emit);
    expect(out.got.slice(2)).toEqual([
      [{ k: 'a', n: 2, [E]: 1 }, 10],
      [{ k: 'a', n: 0, [E]: 1 }, 12],
    ]);
  });

  it("sends alone what the window must judge alone, after the key's group: reached by the watermark, no valid time, rejected", () => {
    const c = combiner([{ fn: 'sum', field: 'price', name: 'total' }]);
    const out = emitCollector();
    c.onWatermark(20);
    c.add(
      [
        { k: 'a', price: 1 },
        { k: 'b', price: 2 },
        { k: 'a', price: 3 },
        { k: 'a', price: 'ten' },
        { k: 'a', price: 4 },
        { k: 'a', price: 6 },
      ],
      // 11 + gap - 1 = 20 is reached: its session could be late or due, and the window judges
      // that on the session merged with a's events before it, so those go first.
      [25, 26, 11, 27, Number.NaN, 28],
      out.emit,
    );
    expect(out.got).toEqual([
      [{ k: 'a', price: 1, [E]: 1 }, 25],
      [{ k: 'a', price: 3, [E]: 1 }, 11],
      [{ k: 'a', price: 'ten' }, 27],
      [{ k: 'a', price: 4, [E]: 1 }, Number.NaN],
    ]);
    c.drain(out.emit);
    expect(out.got.slice(4)).toEqual([
      [{ k: 'b', price: 2, [E]: 1 }, 26],
      [{ k: 'a', price: 6, [E]: 1 }, 28],
    ]);
  });

  it('sends a bundle that reached its bound of groups at once, in the order of its keys, and starts afresh', () => {
    const c = combiner();
    const out = emitCollector();
    const keys = Array.from({ length: 5000 }, (_, i) => ({ k: `key-${i}` }));
    c.add(
      keys,
      keys.map((_, i) => i % 7),
      out.emit,
    );
    expect(out.got.map(([e]) => e.k)).toEqual(keys.map((e) => e.k));
    c.drain(out.emit);
    expect(out.got).toHaveLength(5000);
  });
});
