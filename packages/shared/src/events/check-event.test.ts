import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkEvent, DEFAULT_EVENT_LIMITS, type EventLimits } from './check-event.js';

const limits: EventLimits = { maxEventBytes: 1000, maxDepth: 4 };

describe('checkEvent', () => {
  test('accepts plain JSON objects', () => {
    expect(checkEvent({}, limits)).toBeUndefined();
    expect(checkEvent({ a: 1, b: 'x', c: [true, null, { d: -0.5 }] }, limits)).toBeUndefined();
    expect(checkEvent(JSON.parse('{"v":1.7976931348623157e308}'), limits)).toBeUndefined();
  });

  test.each<[string, unknown, string, RegExp]>([
    ['1e400 parses to Infinity', JSON.parse('{"v":1e400}'), 'v', /Infinity is not a finite number/],
    ['-1e999 in a list', JSON.parse('{"a":[1,{"v":-1e999}]}'), 'a.1.v', /-Infinity/],
    ['NaN', { x: { y: Number.NaN } }, 'x.y', /NaN is not a finite number/],
    ['too deep', { a: { b: { c: { d: { e: 1 } } } } }, 'a.b.c.d', /nested deeper than 4 levels/],
    ['too deep in lists', { a: [[[[1]]]] }, 'a.0.0.0', /nested deeper than 4 levels/],
    ['__proto__ key', JSON.parse('{"a":{"__proto__":{"x":1}}}'), 'a.__proto__', /"__proto__" is not allowed/],
    ['not JSON', { f: () => 1 }, 'f', /a function is not a JSON value/],
    ['undefined', { u: undefined }, 'u', /a undefined is not a JSON value/],
    ['too large', { s: 'x'.repeat(1000) }, '', /larger than 1000 bytes/],
    ['too large in many small values', { xs: Array.from({ length: 200 }, () => 1) }, '', /larger than 1000/],
  ])('refuses %s', (_name, event, path, reason) => {
    const p = checkEvent(event, limits);
    expect(p?.path).toBe(path);
    expect(p?.reason).toMatch(reason);
  });

  test.each<[unknown, string]>([
    [null, 'null'],
    [[{ a: 1 }], 'a list'],
    [42, 'a number'],
    ['x', 'a string'],
  ])('an event must be an object: %j', (value, kind) => {
    expect(checkEvent(value, limits)).toEqual({
      path: '',
      reason: `an event must be a JSON object, got ${kind}`,
    });
  });

  test('the size estimate tracks the JSON length', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => {
        const event = { v };
        const json = JSON.stringify(event).length;
        const p = checkEvent(event, { maxEventBytes: 1e9, maxDepth: 10 });
        if (p) return p.reason.includes('__proto__');
        // numbers count 8; everything else within the quotes, brackets and separators
        expect(checkEvent(event, { maxEventBytes: 8 * json + 64, maxDepth: 10 })).toBeUndefined();
        return true;
      }),
      { numRuns: 300 },
    );
  });

  test('a deep body is refused without deep recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(checkEvent({ deep }, DEFAULT_EVENT_LIMITS)?.reason).toMatch(/nested deeper than 32/);
  });
});
