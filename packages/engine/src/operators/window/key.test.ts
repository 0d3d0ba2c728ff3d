import { describe, expect, it } from 'vitest';
import { KeyExtractor } from './key.js';

describe('KeyExtractor', () => {
  it('gives equal ids to equal key values and recovers the values from an id', () => {
    const one = new KeyExtractor(['k']);
    for (const v of ['a', 3, true, null, { x: [1] }, [2, 'b']]) {
      const id = one.id({ k: v });
      expect(one.id({ k: structuredClone(v) })).toEqual(id);
      expect(one.valuesOfId(id)).toEqual([v]);
      expect(one.idOfValues([v])).toEqual(id);
    }
    expect(one.valuesOfId(one.id({}))).toEqual([null]);
    expect(one.id({ k: 1 })).not.toEqual(one.id({ k: '1' }));

    const two = new KeyExtractor(['a', 'b']);
    const id = two.id({ a: 'x', b: 2, c: 'ignored' });
    expect(two.valuesOfId(id)).toEqual(['x', 2]);
    expect(two.idOfValues(['x', 2])).toEqual(id);
    expect(two.valuesOfId(two.id({ a: 'x' }))).toEqual(['x', null]);

    const none = new KeyExtractor([]);
    expect(none.valuesOfId(none.id({ a: 1 }))).toEqual([]);
  });
});
