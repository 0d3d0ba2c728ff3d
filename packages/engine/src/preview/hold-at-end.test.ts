import { describe, expect, it } from 'vitest';
import { createMemorySource } from '../sources/memory.js';
import { holdAtEnd } from './hold-at-end.js';

describe('holdAtEnd', () => {
  it('gives every event, then reports nothing yet until released, then the end', () => {
    const s = holdAtEnd(createMemorySource('src', [{ a: 1 }, { a: 2 }, { a: 3 }]));
    expect(s.poll(2, 0)).toEqual({ events: [{ a: 1 }, { a: 2 }], ended: false });
    expect(s.holding).toBe(false);
    expect(s.poll(2, 0)).toEqual({ events: [{ a: 3 }], ended: false });
    expect(s.holding).toBe(true);
    expect(s.poll(2, 0)).toEqual({ events: [], ended: false });
    s.release();
    expect(s.poll(2, 0)).toEqual({ events: [], ended: true });
  });

  it('released before the end, it ends with the source', () => {
    const s = holdAtEnd(createMemorySource('src', [{ a: 1 }]));
    s.release();
    expect(s.poll(5, 0)).toEqual({ events: [{ a: 1 }], ended: true });
    expect(s.holding).toBe(false);
  });
});
