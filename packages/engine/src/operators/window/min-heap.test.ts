import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap.js';

describe('MinHeap', () => {
  it('pops in comparator order whatever the push order, ties included', () => {
    let seed = 3;
    const values = Array.from({ length: 500 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed % 50;
    });
    const heap = new MinHeap<number>((a, b) => a - b);
    for (const v of values) heap.push(v);
    expect(heap.size).toBe(500);
    expect(heap.toArray()).toHaveLength(500);
    const popped: number[] = [];
    for (let v = heap.pop(); v !== undefined; v = heap.pop()) popped.push(v);
    expect(popped).toEqual([...values].sort((a, b) => a - b));
    expect(heap.peek()).toBeUndefined();
  });
});
