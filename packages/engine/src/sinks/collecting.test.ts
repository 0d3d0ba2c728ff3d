import { describe, expect, it } from 'vitest';
import { createCollectingSink } from './collecting.js';

describe('collecting sink', () => {
  it('keeps everything without a limit', () => {
    const sink = createCollectingSink('s');
    sink.write([{ a: 1 }, { a: 2 }], [1, 2]);
    sink.write([{ a: 3 }], [3]);
    expect(sink.events).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(sink.times).toEqual([1, 2, 3]);
    expect(sink.total).toBe(3);
  });

  it('keeps the most recent `limit` events and counts them all', () => {
    const sink = createCollectingSink('s', 3);
    for (let i = 0; i < 5000; i++) sink.write([{ i }], [i]);
    expect(sink.events).toEqual([{ i: 4997 }, { i: 4998 }, { i: 4999 }]);
    expect(sink.times).toEqual([4997, 4998, 4999]);
    expect(sink.total).toBe(5000);
  });
});
