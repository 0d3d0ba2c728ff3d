import { describe, expect, it } from 'vitest';
import { keyRouter, murmur3, murmur3Int } from './key-hash.js';

describe('key hash', () => {
  it('never changes: checkpoints hold keyed state in the instance its key hashed to', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('a')).toBe(721651713);
    expect(murmur3('1001')).toBe(3305402740);
    expect(murmur3('Google')).toBe(3282522196);
  });

  it('hashes a safe integer from its digits exactly as the hash of its text', () => {
    const xs = [
      0,
      -0,
      1,
      9,
      10,
      99,
      1001,
      -1,
      -1001,
      2 ** 31,
      2 ** 32 + 7,
      -(2 ** 40),
      Number.MAX_SAFE_INTEGER,
    ];
    for (let i = 0; i < 2000; i++) xs.push(Math.floor((Math.random() - 0.5) * 2 * Number.MAX_SAFE_INTEGER));
    for (const x of xs) expect(murmur3Int(x)).toBe(murmur3(String(x)));
    expect(murmur3Int(1001)).toBe(3305402740);
  });

  it('routes integer keys that share a memo slot each by its own hash', () => {
    const route = keyRouter(['k'], 5);
    for (let round = 0; round < 3; round++)
      for (const k of [7, 7 + 4096, 7 + 2 * 4096, -7, 7, 123456789012])
        expect(route({ k })).toBe(murmur3(String(k)) % 5);
  });

  it('routes a numeric key, its text and a non-integer key as the text of the key', () => {
    const route = keyRouter(['k'], 7);
    for (const k of [0, 5, 1001, -3, 123456789012, 1.5, 1e21, Number.NaN, true, null])
      expect(route({ k })).toBe(murmur3(String(k)) % 7);
    expect(route({ k: '1001' })).toBe(route({ k: 1001 }));
    expect(route({ k: [1, 'a'] })).toBe(murmur3('[1,"a"]') % 7);
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
