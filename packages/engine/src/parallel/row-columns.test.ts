import { describe, expect, it } from 'vitest';
import type { Event } from '../runtime/operator.js';
import { RowColumnsBuilder, RowColumnsReader } from './row-columns.js';

/** Events through a builder, structuredClone (what postMessage does) and a reader. */
function roundTrip(events: Event[]): Event[] {
  const builder = new RowColumnsBuilder();
  for (const e of events) builder.add(e);
  expect(builder.length).toBe(events.length);
  const batch = structuredClone(builder.take());
  const out: Event[] = [];
  new RowColumnsReader().read(batch, 0, events.length, out);
  return out;
}

describe('RowColumns', () => {
  it('rebuilds uniform events field for field, numbers going as one Float64Array', () => {
    const events = Array.from({ length: 3000 }, (_, i) => ({ auction: i, num: i * 0.5, window_end: 10_000 }));
    const builder = new RowColumnsBuilder();
    for (const e of events) builder.add(e);
    const batch = builder.take();
    expect(batch.keys).toEqual(['auction', 'num', 'window_end']);
    for (const column of batch.columns) expect(column).toBeInstanceOf(Float64Array);
    expect(roundTrip(events)).toEqual(events);
  });

  it('keeps events of different shapes, nested values and every value type apart', () => {
    const events: Event[] = [
      { a: 1, b: 'x' },
      { b: 'y', c: [1, { d: 2 }] },
      {},
      { a: null, e: true, f: { g: 'h' } },
      { c: -0, a: Number.NaN },
    ];
    const out = roundTrip(events);
    expect(out).toEqual(events);
    expect(Object.is(out[4]?.c, -0)).toBe(true);
  });

  it('drops a field whose value is undefined, as JSON does', () => {
    expect(roundTrip([{ a: 1, b: undefined }])).toEqual([{ a: 1 }]);
    expect(Object.keys(roundTrip([{ a: 1, b: undefined }])[0] ?? {})).toEqual(['a']);
  });

  it('keeps an own __proto__ field as a field, never as the prototype', () => {
    const [event] = roundTrip([JSON.parse('{"__proto__": {"polluted": 1}, "a": 2}')]);
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(Object.hasOwn(event ?? {}, '__proto__')).toBe(true);
    expect((event as { polluted?: unknown }).polluted).toBeUndefined();
    expect(event?.a).toBe(2);
  });

  it('reads a range of the batch, and starts each batch with no field names', () => {
    const builder = new RowColumnsBuilder();
    for (let i = 0; i < 5; i++) builder.add({ i });
    const batch = builder.take();
    const out: Event[] = [];
    new RowColumnsReader().read(batch, 2, 4, out);
    expect(out).toEqual([{ i: 2 }, { i: 3 }]);
    builder.add({ other: 1 });
    expect(builder.take().keys).toEqual(['other']);
  });
});
