import { describe, expect, it } from 'vitest';
import { joinedEvent } from './joined-event.js';

describe('joinedEvent', () => {
  it('puts left fields first and prefixes right fields whose name the left has', () => {
    const out = joinedEvent({ key: 1, price: 10 }, { key: 1, qty: 3, price: 11 }, new Set());
    expect(out).toEqual({ key: 1, price: 10, right_key: 1, qty: 3, right_price: 11 });
    expect(Object.keys(out)).toEqual(['key', 'price', 'right_key', 'qty', 'right_price']);
  });

  it('also prefixes a right field the left declares but this left event lacks', () => {
    expect(joinedEvent({ key: 1 }, { key: 1, note: 'r' }, new Set(['key', 'note']))).toEqual({
      key: 1,
      right_key: 1,
      right_note: 'r',
    });
  });
});
