import { describe, expect, test } from 'vitest';
import { checkExpression, type ExprScope } from './check.js';
import type { FieldType } from './field-schema.js';

const scope: ExprScope = {
  fields: {
    fields: {
      sensor: 'string',
      temperature: 'number',
      ts: 'number',
      type: 'string',
      tags: 'list',
      meta: 'map',
      ok: 'boolean',
      extra: 'any',
    },
    open: false,
  },
};
const cep: ExprScope = {
  fields: { fields: { amount: 'number', user: 'string' }, open: false },
  variables: { first: 'list', fails: 'list' },
};
const open: ExprScope = { fields: { fields: { sensor: 'string' }, open: true } };

function errors(src: string, s: ExprScope = scope, expectType?: FieldType) {
  return checkExpression(src, s, expectType ? { expectType } : {}).errors;
}

describe('checkExpression: types', () => {
  test.each<[string, FieldType]>([
    ['temperature > 30 && type == "fail"', 'boolean'],
    ['temperature * 1.8 + 32', 'number'],
    ['sensor + "-x"', 'string'],
    ['tags + ["x"]', 'list'],
    ['{"a": 1}', 'map'],
    ['null', 'null'],
    ['meta.anything', 'any'],
    ['tags[0]', 'any'],
    ['extra + 1', 'number'],
    ['size(tags)', 'number'],
    ['sensor.size()', 'number'],
    ['int("42")', 'number'],
    ['string(temperature)', 'string'],
    ['timestamp("2024-01-01T00:00:00Z")', 'number'],
    ['duration("5s")', 'number'],
    ['tags.exists(t, t == "a")', 'boolean'],
    ['tags.map(t, t)', 'list'],
    ['tags.filter(t, t != "a")', 'list'],
    ['has(meta.x)', 'boolean'],
    ['ok ? 1 : 2', 'number'],
    ['ok ? 1 : "a"', 'any'],
    ['"a" in tags', 'boolean'],
    ['-temperature', 'number'],
    ['min(1, 2, temperature)', 'number'],
  ])('%s : %s', (src, type) => {
    const r = checkExpression(src, scope);
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.type).toBe(type);
  });

  test('type is read as the event field, not the CEL type constant', () => {
    const r = checkExpression('type == "fail"', scope);
    expect(r).toEqual({ ok: true, type: 'boolean', errors: [], identifiers: ['type'] });
    // same for other builtin type names used as field names
    const s: ExprScope = {
      fields: { fields: { int: 'number', string: 'string', timestamp: 'number' }, open: false },
    };
    expect(checkExpression('int + 1 > 2 && string == "x" && timestamp > 0', s).ok).toBe(true);
  });

  test('identifiers lists fields and variables in order of appearance, without comprehension variables', () => {
    expect(
      checkExpression('tags.exists(t, t == sensor) && temperature > ts && sensor != ""', scope).identifiers,
    ).toEqual(['tags', 'sensor', 'temperature', 'ts']);
    expect(checkExpression('amount > first[0].amount', cep).identifiers).toEqual(['amount', 'first']);
  });
});

describe('checkExpression: unknown names', () => {
  test('unknown field points at the identifier and suggests the closest name', () => {
    const src = 'temperatur > 30';
    expect(
      errors(src, {
        fields: { fields: { sensor: 'string', temperature: 'number', ts: 'number' }, open: false },
      }),
    ).toEqual([
      {
        message: 'unknown field "temperatur" (known: sensor, temperature, ts); did you mean "temperature"?',
        start: 0,
        end: 10,
        suggestion: 'temperature',
      },
    ]);
    const e = errors('sensor == "a" && tmp > 3')[0]!;
    expect(e).toMatchObject({ start: 17, end: 20 });
    expect('sensor == "a" && tmp > 3'.slice(e.start, e.end)).toBe('tmp');
  });

  test('no suggestion when nothing is close', () => {
    const [e] = errors('zzzzzz > 1');
    expect(e?.message).toBe(
      'unknown field "zzzzzz" (known: extra, meta, ok, sensor, tags, temperature, ts, type)',
    );
    expect(e?.suggestion).toBeUndefined();
  });

  test('variables are listed separately and win over fields', () => {
    const [e] = errors('fails2 > 1', cep);
    expect(e?.message).toBe(
      'unknown name "fails2" (fields: amount, user; variables: fails, first); did you mean "fails"?',
    );
    expect(checkExpression('size(fails) >= 3 && amount > first[0].amount', cep).ok).toBe(true);
    const shadow: ExprScope = {
      fields: { fields: { first: 'number' }, open: false },
      variables: { first: 'list' },
    };
    expect(checkExpression('first[0]', shadow).ok).toBe(true);
    expect(errors('first + 1', shadow)[0]?.message).toContain("cannot apply '+' to a list");
  });

  test('an open schema types unknown identifiers as any', () => {
    const r = checkExpression('anything.goes + 1 > 2 && sensor == "a"', open);
    expect(r.ok).toBe(true);
    expect(r.identifiers).toEqual(['anything', 'sensor']);
  });

  test('comprehension variables are in scope inside the macro only', () => {
    expect(checkExpression('tags.all(t, size(t) > 1)', scope).ok).toBe(true);
    const [e] = errors('tags.all(t, true) && t == "a"');
    expect(e).toMatchObject({ start: 21, end: 22 });
  });

  test('a function name used as a field gets a hint', () => {
    expect(errors('size > 1')[0]?.message).toContain('size is a function, call it as size(...)');
  });

  test('names inherited by JS objects are not fields', () => {
    expect(errors('constructor == 1')[0]?.message).toMatch(/^unknown field "constructor"/);
    expect(errors('toString')[0]?.message).toMatch(/^unknown field "toString"/);
  });
});

describe('checkExpression: functions', () => {
  test('now() is refused with the reason', () => {
    const [e] = errors('ts > now()');
    expect(e).toMatchObject({ start: 5, end: 8 });
    expect(e?.message).toContain('determinism');
  });

  test('unknown function and method, with suggestion', () => {
    expect(errors('sise(tags)')).toEqual([
      { message: 'unknown function "sise"; did you mean "size"?', start: 0, end: 4, suggestion: 'size' },
    ]);
    expect(errors('sensor.startWith("a")')).toEqual([
      {
        message: 'unknown method "startWith"; did you mean "startsWith"?',
        start: 7,
        end: 16,
        suggestion: 'startsWith',
      },
    ]);
  });

  test('wrong arity', () => {
    expect(errors('size(tags, 1)')[0]).toMatchObject({
      message: 'size() takes 1 argument, got 2',
      start: 0,
      end: 13,
    });
    expect(errors('min(1)')[0]?.message).toBe('min() takes at least 2 arguments, got 1');
    expect(errors('sensor.contains()')[0]?.message).toBe('contains() takes 1 argument, got 0');
    expect(errors('tags.exists(t)')).toContainEqual({
      message: 'exists() takes 2 arguments: list.exists(x, predicate)',
      start: 0,
      end: 14,
    });
    expect(errors('has(meta.a, meta.b)')[0]?.message).toBe('has() takes 1 argument: has(a.b)');
  });

  test('method vs function form', () => {
    expect(errors('contains(sensor, "a")')[0]?.message).toBe(
      'contains() is a method: call it as x.contains(string)',
    );
    expect(errors('temperature.int()')[0]?.message).toBe(
      'int() is not a method: call it as int(temperature)',
    );
    expect(errors('exists(tags, ok, true)')[0]?.message).toBe(
      'exists() is used as list.exists(x, predicate)',
    );
  });

  test('argument and receiver types', () => {
    expect(errors('sensor.contains(1)')).toEqual([
      { message: 'contains() expects string, got a number', start: 16, end: 17 },
    ]);
    expect(errors('temperature.contains("a")')).toEqual([
      { message: 'contains() must be called on string, got a number', start: 0, end: 11 },
    ]);
    expect(errors('size(1)')[0]?.message).toBe('size() expects string | list | map, got a number');
    expect(errors('abs(extra) + abs(meta.x)')).toEqual([]);
  });

  test('literal arguments are validated', () => {
    expect(errors('duration("5x")')).toEqual([
      { message: 'invalid duration "5x" (expected e.g. "5s", "1m30s", "250ms")', start: 9, end: 13 },
    ]);
    expect(errors('timestamp("2024-13-01")')[0]).toMatchObject({ start: 10, end: 22 });
    expect(errors('sensor.matches("(a")')[0]?.message).toMatch(/^invalid regular expression/);
    expect(errors('matches(sensor, "(?=x)")')[0]?.message).toBe(
      'lookaround assertions are not supported (RE2)',
    );
    expect(errors('int("abc")')[0]?.message).toBe('"abc" is not a number');
    expect(errors('bool("yes")')[0]?.message).toBe('"yes" is not a boolean');
  });
});

describe('checkExpression: type errors when both sides are known', () => {
  test.each<[string, string, number, number]>([
    ['temperature + "x"', "cannot apply '+' to a number and a string", 0, 17],
    ['!sensor', "'!' needs a boolean, got a string", 0, 7],
    ['-sensor', "'-' needs a number, got a string", 0, 7],
    ['sensor == 1', 'comparing a string with a number is always false', 0, 11],
    ['sensor != 1', 'comparing a string with a number is always true', 0, 11],
    ['sensor < 3', 'cannot compare a string with a number', 0, 10],
    ['tags < tags', "cannot order a list with '<'", 0, 11],
    ['sensor * 2', "cannot apply '*' to a string and a number (numbers only)", 0, 10],
    ['temperature && ok', "'&&' needs boolean operands, got a number", 0, 11],
    ['ok || "x"', "'||' needs boolean operands, got a string", 6, 9],
    ['temperature ? 1 : 2', "the condition of '?:' must be a boolean, got a number", 0, 11],
    ['1 in sensor', "'in' needs a list or a map on its right, got a string", 5, 11],
    ['sensor.x', 'cannot read field "x" of a string (sensor)', 0, 8],
    ['sensor[0]', 'cannot index a string (sensor)', 0, 9],
    ['tags["a"]', 'a list index must be a number, got a string', 5, 8],
    ['sensor.exists(c, true)', 'exists() needs a list or a map, got a string', 0, 6],
    ['tags.all(t, 1)', 'the predicate of all() must be a boolean, got a number', 12, 13],
    ['has(sensor.x)', 'has() needs a map, but sensor is a string', 4, 10],
  ])('%s', (src, message, start, end) => {
    expect(errors(src)).toEqual([{ message, start, end }]);
  });

  test('unknown and any types never produce type errors', () => {
    for (const src of [
      'extra + 1',
      'extra + "a"',
      'extra == 1',
      '!extra',
      'extra.x.y[3] > 1',
      'meta.a && meta.b',
      'extra ? 1 : 2',
    ]) {
      expect(errors(src)).toEqual([]);
    }
    expect(errors('anything + 1', open)).toEqual([]);
  });

  test('null compares with anything', () => {
    expect(errors('sensor == null && temperature != null')).toEqual([]);
  });

  test('several errors are all reported', () => {
    const e = errors('tmperature + "a" > sensr');
    expect(e.map((x) => x.message.split(' (')[0])).toEqual([
      'unknown field "tmperature"',
      'unknown field "sensr"',
    ]);
  });

  test('expectType adds an error when the known result type differs', () => {
    expect(errors('temperature * 2', scope, 'boolean')).toEqual([
      { message: 'expected a boolean result, but the expression gives a number', start: 0, end: 15 },
    ]);
    expect(errors('temperature > 2', scope, 'boolean')).toEqual([]);
    expect(errors('extra', scope, 'boolean')).toEqual([]);
    expect(errors('ts', scope, 'number')).toEqual([]);
  });

  test('a parse error is reported as the only error', () => {
    expect(checkExpression('1 +', scope)).toEqual({
      ok: false,
      type: 'any',
      errors: [{ message: 'unexpected end of expression', start: 3, end: 3 }],
      identifiers: [],
    });
  });
});
