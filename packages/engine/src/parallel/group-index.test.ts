import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/measure.js';
import { GroupIndex } from './group-index.js';

describe('GroupIndex', () => {
  it('answers as a Map does over bundles of mixed ids, cleared between them, growing past its capacity', () => {
    const random = seededRandom(7);
    const index = new GroupIndex(16);
    const ids: unknown[] = [
      0,
      -0,
      -1,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      1.5,
      Number.NaN,
      'a',
      '1',
      null,
      '\u0000[1]',
    ];
    for (let bundle = 0; bundle < 50; bundle++) {
      const model = new Map<unknown, number>();
      // Up to 300 groups: the table of 16 slots grows several times within one bundle, and up to
      // half full its probes run into other ids' slots.
      const groups = Math.floor(random() * 300);
      for (let g = 0; g < groups; g++) {
        const id =
          random() < 0.2
            ? ids[Math.floor(random() * ids.length)]
            : 1000 + Math.floor(random() * 5000) * (random() < 0.5 ? 1 : 4096);
        expect(index.get(id)).toBe(model.get(id));
        if (!model.has(id)) {
          model.set(id, g);
          index.set(id, g);
        }
      }
      for (const [id, g] of model) expect(index.get(id)).toBe(g);
      for (const id of ids) expect(index.get(id)).toBe(model.get(id));
      index.clear();
      for (const id of model.keys()) expect(index.get(id)).toBeUndefined();
    }
  });

  it('sets a known id to its new group without counting it twice', () => {
    const index = new GroupIndex(16);
    for (let round = 0; round < 100; round++) index.set(42, round);
    expect(index.get(42)).toBe(99);
    for (let id = 0; id < 8; id++) index.set(id, id);
    expect(index.get(42)).toBe(99);
    expect(index.get(7)).toBe(7);
  });
});
