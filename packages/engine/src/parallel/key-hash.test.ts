import { describe, expect, it } from 'vitest';
import { keyRouter, murmur3 } from './key-hash.js';

describe('key hash', () => {
  it('never changes: checkpoints hold keyed state in the instance its key hashed to', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('a')).toBe(721651713);
    expect(murmur3('1001')).toBe(3305402740);
    expect(murmur3('Google')).toBe(3282522196);
  });

  it('routes equal keys to the same instance and spreads distinct keys over all of them', () => {
    const route = keyRouter(['auction'], 4);
    const counts = [0, 0, 0, 0];
    for (let a = 0; a < 4000; a++) {
      const i = route({ auction: a });
      expect(route({ auction: a, price: 1 })).toBe(i);
      counts[i] = (counts[i] as number) + 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  it('routes a join side by its own key fields to the instance of the equal key on the other side', () => {
    const left = keyRouter(['auction'], 3);
    const right = keyRouter(['id'], 3);
    for (let a = 0; a < 100; a++) expect(left({ auction: a })).toBe(right({ id: a }));
  });
});
