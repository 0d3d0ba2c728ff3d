import { describe, expect, it } from 'vitest';
import { emitCollector } from '../../test/support/emit-collector.js';
import { TopNCombiner } from './top-n-combiner.js';

const params = {
  type: 'top-n' as const,
  sizeMs: 10,
  offsetMs: 0,
  orderBy: 'price',
  descending: true,
  n: 2,
  withTies: false,
  key: [],
};

describe('TopNCombiner', () => {
  it('keeps the first n of each window by value, then time, then arrival, and sends them with their times at the watermark', () => {
    const c = new TopNCombiner(params);
    const out = emitCollector();
    c.add([{ price: 5 }, { price: 9 }, { price: 9 }, { price: 7 }, { price: 1 }], [3, 4, 2, 8, 12], out.emit);
    expect(out.got).toEqual([]);
    c.onWatermark(9, out.emit);
    // Window [0, 10): 9 at time 2 ranks before 9 at time 4; 7 and 5 are cut. [10, 20) stays.
    expect(out.got).toEqual([
      [{ price: 9 }, 2],
      [{ price: 9 }, 4],
    ]);
  });

  it('with ties, also keeps what ties with the n-th: every event of global rank <= n reaches the global', () => {
    const c = new TopNCombiner({ ...params, withTies: true });
    const out = emitCollector();
    c.add([{ price: 7 }, { price: 9 }, { price: 7 }, { price: 5 }, { price: 7 }], [1, 2, 3, 4, 5], out.emit);
    c.onWatermark(9, out.emit);
    expect(out.got).toEqual([
      [{ price: 9 }, 2],
      [{ price: 7 }, 1],
      [{ price: 7 }, 3],
      [{ price: 7 }, 5],
    ]);
  });

  it('keeps a list per key for a keyed top-N, and restores the keys from the kept events', () => {
    const a = new TopNCombiner({ ...params, n: 1, key: ['k'] });
    a.add(
      [
        { k: 'x', price: 3 },
        { k: 'y', price: 8 },
        { k: 'x', price: 5 },
        { k: 'y', price: 1 },
      ],
      [1, 2, 3, 4],
      () => undefined,
    );
    const b = new TopNCombiner({ ...params, n: 1, key: ['k'] });
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    b.add(
      [
        { k: 'x', price: 4 },
        { k: 'y', price: 9 },
      ],
      [5, 6],
      () => undefined,
    );
    const out = emitCollector();
    b.onWatermark(9, out.emit);
    expect(out.got).toEqual([
      [{ k: 'x', price: 5 }, 3],
      [{ k: 'y', price: 9 }, 6],
    ]);
  });

  it('passes through what the global top-N must judge: no number, no valid time, a window already sent', () => {
    const c = new TopNCombiner(params);
    const out = emitCollector();
    c.onWatermark(100, out.emit);
    c.add([{ price: 'high' }, { price: 3 }, { price: 4 }], [5, Number.NaN, 50], out.emit);
    expect(out.got).toEqual([
      [{ price: 'high' }, 5],
      [{ price: 3 }, Number.NaN],
      [{ price: 4 }, 50],
    ]);
  });

  it('restores what it kept from its snapshot (plain JSON)', () => {
    const a = new TopNCombiner(params);
    a.add([{ price: 3 }, { price: 8 }], [1, 2], () => undefined);
    const b = new TopNCombiner(params);
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    const out = emitCollector();
    b.onWatermark(Number.POSITIVE_INFINITY, out.emit);
    expect(out.got).toEqual([
      [{ price: 8 }, 2],
      [{ price: 3 }, 1],
    ]);
  });
});
