import { describe, expect, it } from 'vitest';
import { ColumnBuilder } from './column-builder.js';

describe('ColumnBuilder', () => {
  it('keeps numbers in a Float64Array, growing past its first capacity', () => {
    const b = new ColumnBuilder();
    const xs = Array.from({ length: 3000 }, (_, i) => i * 1.5 - 7);
    xs.push(-0, Number.NaN, Number.POSITIVE_INFINITY);
    for (const x of xs) b.push(x);
    expect(b.length).toBe(xs.length);
    const column = b.take();
    expect(column).toBeInstanceOf(Float64Array);
    expect(Array.from(column)).toEqual(xs);
    expect(b.length).toBe(0);
  });

  it('turns into a plain array at the first value that is not a number, keeping every value', () => {
    const b = new ColumnBuilder();
    const values = [1, 2, 'three', undefined, 5, null, { six: 6 }];
    for (const v of values) b.push(v);
    const column = b.take();
    expect(Array.isArray(column)).toBe(true);
    expect(column).toEqual(values);
    // The next batch starts as numbers again.
    b.push(8);
    expect(b.take()).toEqual(Float64Array.of(8));
  });
});
