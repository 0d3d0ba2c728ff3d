import { describe, expect, test } from 'vitest';
import { ExpressionError } from './errors.js';
import { compileKey, compileProjection } from './projection.js';

const event = { sensor: 's-1', temperature: 30, ts: 1000, region: 'eu', tags: ['a'], n: 1 };

describe('compileProjection', () => {
  test('builds the output object with the fields in order', () => {
    const p = compileProjection([
      { name: 'sensor', expr: 'sensor' },
      { name: 'f', expr: 'temperature * 1.8 + 32' },
    ]);
    const out = p(event);
    expect(out).toEqual({ sensor: 's-1', f: 86 });
    expect(Object.keys(out)).toEqual(['sensor', 'f']);
    expect(p(event)).not.toBe(out); // a fresh object per event
  });

  test.each([0, 1, 2, 3, 4, 5, 9])('%i fields', (n) => {
    const fields = Array.from({ length: n }, (_, i) => ({ name: `f${i}`, expr: `n + ${i}` }));
    const out = compileProjection(fields)(event);
    expect(out).toEqual(Object.fromEntries(fields.map((_, i) => [`f${i}`, 1 + i])));
    expect(Object.keys(out)).toEqual(fields.map((f) => f.name));
  });

  test('field names may be any string; vars reach the expressions', () => {
    const p = compileProjection(
      [
        { name: 'window start', expr: 'ts - ts % 60000' },
        { name: 'first', expr: 'first[0].amount' },
        { name: 'constructor', expr: '1' },
      ],
      { variables: ['first'] },
    );
    const out = p(event, { first: [{ amount: 7 }] });
    expect(out).toEqual({ 'window start': 0, first: 7, constructor: 1 });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  test('invalid expressions and names are reported with the field', () => {
    expect(() => compileProjection([{ name: 'x', expr: '1 +' }])).toThrow(ExpressionError);
    try {
      compileProjection([
        { name: 'ok', expr: 'sensor' },
        { name: 'bad', expr: 'sise(tags)' },
      ]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ExpressionError);
      const e = err as ExpressionError;
      expect(e.field).toBe('bad');
      expect(e.message).toBe('bad: unknown function "sise"; did you mean "size"?');
      expect([e.start, e.end]).toEqual([0, 4]);
    }
    expect(() =>
      compileProjection([
        { name: 'a', expr: '1' },
        { name: 'a', expr: '2' },
      ]),
    ).toThrow('duplicate output field "a"');
    expect(() => compileProjection([{ name: '__proto__', expr: '1' }])).toThrow('invalid output field name');
    expect(() => compileProjection([{ name: '', expr: '1' }])).toThrow('invalid output field name');
  });

  test('an evaluation error propagates from the failing field', () => {
    const p = compileProjection([{ name: 'x', expr: 'missing + 1' }]);
    expect(() => p(event)).toThrow('no such field "missing"');
  });
});

describe('compileKey', () => {
  test('one expression: String(value)', () => {
    expect(compileKey(['sensor'])(event)).toBe('s-1');
    expect(compileKey(['temperature'])(event)).toBe('30');
    expect(compileKey(['temperature > 3'])(event)).toBe('true');
    expect(compileKey(['tags'])(event)).toBe('["a"]');
    expect(compileKey(['{"a": 1}'])(event)).toBe('{"a":1}');
    expect(compileKey(['null'])(event)).toBe('null');
  });

  test('several expressions: JSON of the array, so types stay distinct', () => {
    const k = compileKey(['sensor', 'region', 'temperature']);
    expect(k(event)).toBe('["s-1","eu",30]');
    const k2 = compileKey(['a', 'b']);
    expect(k2({ a: 'x', b: 1 })).not.toBe(k2({ a: 'x', b: '1' }));
  });

  test('vars and errors', () => {
    expect(compileKey(['first[0].user'], { variables: ['first'] })({}, { first: [{ user: 'bob' }] })).toBe(
      'bob',
    );
    expect(() => compileKey(['sensor', '1 +'])).toThrow('key 1: unexpected end of expression');
    expect(() => compileKey(['missing'])(event)).toThrow('no such field "missing"');
    expect(compileKey([])(event)).toBe('');
  });
});
