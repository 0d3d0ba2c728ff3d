import { describe, expect, it } from 'vitest';
import { inferFields } from './infer-fields.js';

describe('inferFields', () => {
  it('gives each field the type its samples agree on, "any" when they disagree, in first-seen order', () => {
    expect(
      inferFields([
        { sensor: 's1', temp: 21.5, ok: true, tags: ['a'], meta: { x: 1 }, note: null },
        { sensor: 's2', temp: 22, ok: false, extra: 1, note: 'hi', mixed: 1 },
        { sensor: 's3', temp: null, mixed: 'one' },
      ]),
    ).toEqual([
      { name: 'sensor', type: 'string' },
      { name: 'temp', type: 'number' },
      { name: 'ok', type: 'boolean' },
      { name: 'tags', type: 'list' },
      { name: 'meta', type: 'map' },
      { name: 'note', type: 'string' },
      { name: 'extra', type: 'number' },
      { name: 'mixed', type: 'any' },
    ]);
  });

  it('a field only ever null is "any"', () => {
    expect(inferFields([{ a: null }])).toEqual([{ name: 'a', type: 'any' }]);
  });
});
