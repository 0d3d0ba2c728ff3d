import { describe, expect, test } from 'vitest';
import { compileExpression, compilePredicate } from './compile.js';
import { EvaluationError, ExpressionError } from './errors.js';

const event = {
  temperature: 31.5,
  humidity: 40,
  sensor: 's-1',
  type: 'fail',
  int: 3,
  string: 'str-field',
  timestamp: 'ts-field',
  ok: true,
  nothing: null,
  count: 7,
  time: '2024-05-01T12:00:00Z',
  tags: ['a', 'b', 'c'],
  nums: [3, 1, 2],
  a: { b: { c: 5, d: null }, list: [1, 2] },
  x: [
    { user: 'bob', amount: 10 },
    { user: 'eve', amount: 25 },
  ],
  meta: { region: 'eu', 'key with space': 1 },
  empty: [],
  unicode: 'héllo👋',
  text: '  Mixed Case  ',
};

const cases: [string, unknown][] = [
  // literals
  ['42', 42],
  ['-7', -7],
  ['2.5', 2.5],
  ['1e3', 1000],
  ['0x10', 16],
  ['5u', 5],
  ['"a\\tb"', 'a\tb'],
  ["'single'", 'single'],
  ['r"\\d+"', '\\d+'],
  ['"""tri"ple"""', 'tri"ple'],
  ['true', true],
  ['null', null],
  ['[1, "a", null]', [1, 'a', null]],
  ['{"k": 1, "j": [2]}', { k: 1, j: [2] }],
  ['{1: "one", true: "t"}', { '1': 'one', true: 't' }],
  ['{}', {}],
  ['[]', []],
  // arithmetic: every number is a JS number
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['7 / 2', 3.5],
  ['1 / 3', 1 / 3],
  ['7 % 3', 1],
  ['-7 % 3', -1],
  ['5.5 % 2', 1.5],
  ['10 - 2 - 3', 5],
  ['2 * -3', -6],
  ['--4', 4],
  ['temperature + 1', 32.5],
  ['temperature * 1.8 + 32', 31.5 * 1.8 + 32],
  ['count / 2', 3.5],
  ['count % 4', 3],
  ['humidity - temperature', 8.5],
  ['-temperature', -31.5],
  ['9007199254740993 + 0', 9007199254740992],
  // strings
  ['sensor + "-x"', 's-1-x'],
  ['"a" + "b" + "c"', 'abc'],
  ['sensor == "s-1"', true],
  ['"abc" < "abd"', true],
  ['"b" > "abc"', true],
  ['size("héllo")', 5],
  ['size(unicode)', 6],
  ['unicode.size()', 6],
  ['sensor.contains("-")', true],
  ['sensor.startsWith("s-")', true],
  ['sensor.endsWith("2")', false],
  ['text.trim()', 'Mixed Case'],
  ['text.lowerAscii()', '  mixed case  '],
  ['"héllo".upperAscii()', 'HéLLO'],
  ['sensor.matches("^s-[0-9]+$")', true],
  ['matches(sensor, "S-1")', false],
  ['matches(sensor, "(?i)S-1")', true],
  ['sensor.matches("-")', true],
  ['sensor.split("-")', ['s', '1']],
  ['"a//b/".split("/")', ['a', '', 'b', '']],
  ['"https://x.com/d1/d2".split("/")[3]', 'd1'],
  ['size(sensor.split("+"))', 1],
  // booleans and logic
  ['true && false', false],
  ['true || false', true],
  ['!ok', false],
  ['!(1 > 2)', true],
  ['ok && temperature > 30', true],
  ['temperature > 30 && type == "fail"', true],
  ['temperature > 30.5 && sensor != "s-7"', true],
  ['temperature < 30 || humidity >= 40', true],
  ['false < true', true],
  ['1 < 2 == true', true],
  // the type field (and other builtin type names) read the event
  ['type == "fail"', true],
  ['type', 'fail'],
  ['int + 1', 4],
  ['string', 'str-field'],
  ['timestamp == "ts-field"', true],
  // equality
  ['1 == 1.0', true],
  ['[1, 2] == [1, 2]', true],
  ['[1, 2] == [2, 1]', false],
  ['{"a": 1, "b": 2} == {"b": 2, "a": 1}', true],
  ['{"a": 1} == {"a": 1, "b": 2}', false],
  ['a.b == {"c": 5, "d": null}', true],
  ['x[0] == {"user": "bob", "amount": 10}', true],
  ['nothing == null', true],
  ['sensor == null', false],
  ['temperature == sensor', false],
  ['temperature != sensor', true],
  ['tags == ["a", "b", "c"]', true],
  ['tags != nums', true],
  // nested fields and indexes
  ['a.b.c', 5],
  ['a.b.d', null],
  ['a.list[1]', 2],
  ['x[0].user', 'bob'],
  ['x[1].amount - x[0].amount', 15],
  ['meta["key with space"]', 1],
  ['meta["region"]', 'eu'],
  ['tags[count - 5]', 'c'],
  ['{"k": [10, 20]}.k[1]', 20],
  ['[[1, 2], [3]][0][1]', 2],
  // lists and maps
  ['tags + ["d"]', ['a', 'b', 'c', 'd']],
  ['size(tags)', 3],
  ['tags.size()', 3],
  ['size(meta)', 2],
  ['size(empty)', 0],
  ['"b" in tags', true],
  ['"z" in tags', false],
  ['2 in nums', true],
  ['"region" in meta', true],
  ['"nope" in meta', false],
  ['{"user": "eve", "amount": 25} in x', true],
  ['[1] in [[1], [2]]', true],
  ['sensor in ["s-1", "s-2"]', true],
  ['temperature in [31.5]', true],
  // macros
  ['nums.exists(n, n > 2)', true],
  ['nums.exists(n, n > 3)', false],
  ['nums.all(n, n > 0)', true],
  ['nums.all(n, n > 1)', false],
  ['nums.exists_one(n, n > 2)', true],
  ['nums.exists_one(n, n > 1)', false],
  ['nums.map(n, n * 2)', [6, 2, 4]],
  ['nums.map(n, n > 1, n * 10)', [30, 20]],
  ['nums.filter(n, n != 1)', [3, 2]],
  ['x.filter(p, p.amount > 15).map(p, p.user)', ['eve']],
  ['x.exists(p, p.user == sensor || p.amount > 20)', true],
  ['empty.all(e, false)', true],
  ['empty.exists(e, true)', false],
  ['meta.exists(k, k == "region")', true],
  ['meta.map(k, k)', ['region', 'key with space']],
  ['nums.map(n, nums.filter(m, m < n).size())', [2, 0, 1]],
  ['nums.exists(temperature, temperature == 3)', true],
  ['[1, 2, 3].map(i, i * i)', [1, 4, 9]],
  // has
  ['has(a.b)', true],
  ['has(a.z)', false],
  ['has(a.b.d)', true],
  ['has(meta.region)', true],
  ['has(temperature)', true],
  ['has(missing)', false],
  ['has(nothing)', true],
  ['has(a.z) && a.z > 1', false],
  ['!has(a.z) || a.z > 1', true],
  // ternary
  ['temperature > 30 ? "hot" : "ok"', 'hot'],
  ['temperature > 40 ? "hot" : "ok"', 'ok'],
  ['ok ? 1 : missing', 1],
  ['true ? 1 : 2', 1],
  ['false ? 1 : 2 + 3', 5],
  // conversions and math
  ['int(3.9)', 3],
  ['int(-3.9)', -3],
  ['int("42")', 42],
  ['int("4.7")', 4],
  ['int(temperature)', 31],
  ['double("2.5")', 2.5],
  ['double(count)', 7],
  ['string(1.5)', '1.5'],
  ['string(42)', '42'],
  ['string(true)', 'true'],
  ['string(null)', 'null'],
  ['string([1, "a"])', '[1,"a"]'],
  ['string(sensor)', 's-1'],
  ['bool("true")', true],
  ['bool("f")', false],
  ['bool(ok)', true],
  ['abs(-2.5)', 2.5],
  ['floor(-2.5)', -3],
  ['ceil(2.1)', 3],
  ['round(2.5)', 3],
  ['round(-2.5)', -3],
  ['round(2.4)', 2],
  ['min(3, 1, 2)', 1],
  ['max(temperature, humidity)', 40],
  ['min(-1, 5)', -1],
  // time
  ['timestamp("2024-05-01T12:00:00Z")', Date.UTC(2024, 4, 1, 12)],
  ['timestamp(time)', Date.UTC(2024, 4, 1, 12)],
  ['timestamp(time) + duration("1h")', Date.UTC(2024, 4, 1, 13)],
  ['timestamp("2024-05-01T14:00:00+02:00") == timestamp(time)', true],
  ['duration("5s")', 5000],
  ['duration("1m30s")', 90_000],
  ['duration("250ms")', 250],
  ['duration("1.5h") / duration("1m")', 90],
  // comments and whitespace
  ['temperature // the reading\n  > 30', true],
];

describe('compileExpression: values', () => {
  test.each(cases)('%s', (src, expected) => {
    expect(compileExpression(src)(event)).toEqual(expected);
  });

  test('no BigInt ever escapes', () => {
    const walk = (v: unknown): void => {
      expect(typeof v).not.toBe('bigint');
      if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
    };
    for (const [src] of cases) walk(compileExpression(src)(event));
  });

  test('the same compiled expression evaluates many events', () => {
    const f = compileExpression('temperature > 30 && sensor != "s-7"');
    expect(f({ temperature: 31, sensor: 's-1' })).toBe(true);
    expect(f({ temperature: 29, sensor: 's-1' })).toBe(false);
    expect(f({ temperature: 31, sensor: 's-7' })).toBe(false);
    // another shape, fields typed differently
    expect(f({ sensor: 7, temperature: 100, other: 1 })).toBe(true);
  });

  test('comparing values of different types with == is false at run time, not an error', () => {
    const f = compileExpression('a == b');
    expect(f({ a: 1, b: '1' })).toBe(false);
    expect(f({ a: true, b: 1 })).toBe(false);
    expect(f({ a: null, b: 0 })).toBe(false);
    expect(f({ a: [1], b: { 0: 1 } })).toBe(false);
    expect(compileExpression('a != b')({ a: 1, b: '1' })).toBe(true);
    expect(compileExpression('a == "1"')({ a: 1 })).toBe(false);
  });

  test('variables (CEP steps) resolve before event fields', () => {
    const f = compileExpression('amount > first[0].amount && size(fails) >= 2', {
      variables: ['first', 'fails'],
    });
    const vars = { first: [{ amount: 5 }], fails: [{}, {}] };
    expect(f({ amount: 10 }, vars)).toBe(true);
    expect(f({ amount: 1 }, vars)).toBe(false);
    const shadow = compileExpression('first', { variables: ['first'] });
    expect(shadow({ first: 'field' }, { first: 'variable' })).toBe('variable');
    expect(compileExpression('has(first)', { variables: ['first'] })({}, { first: [] })).toBe(true);
    expect(compileExpression('has(first)', { variables: ['first'] })({}, {})).toBe(false);
  });

  test('comprehension variables shadow fields and variables', () => {
    expect(compileExpression('nums.map(sensor, sensor + 1)')(event)).toEqual([4, 2, 3]);
    expect(compileExpression('[1].map(v, v)', { variables: ['v'] })({}, { v: 9 })).toEqual([1]);
  });

  test('fields named like Object.prototype members are read as own fields only', () => {
    expect(compileExpression('constructor')({ constructor: 5 })).toBe(5);
    expect(() => compileExpression('constructor')({})).toThrow(EvaluationError);
    expect(() => compileExpression('toString')({})).toThrow('no such field "toString"');
    expect(() => compileExpression('a.valueOf')({ a: {} })).toThrow('no such field "valueOf"');
    expect(() => compileExpression('a["hasOwnProperty"]')({ a: {} })).toThrow(EvaluationError);
    expect(compileExpression('has(a.toString)')({ a: {} })).toBe(false);
    expect(() => compileExpression('s.split("")')({ s: 'ab' })).toThrow('non-empty separator');
    expect(() => compileExpression('s.split("/")[3]')({ s: 'a/b' })).toThrow(EvaluationError);
    expect(compileExpression('{"__proto__": 1}')({})).toEqual(JSON.parse('{"__proto__": 1}'));
  });

  test('constant sub-trees are folded and shared constants are frozen', () => {
    const f = compileExpression('[1, [2, 3]]');
    const r = f({}) as unknown[];
    expect(f({})).toBe(r);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r[1])).toBe(true);
    // a list built from fields is new for every evaluation
    const g = compileExpression('[temperature]');
    expect(g(event)).not.toBe(g(event));
  });

  test('folding keeps short-circuit semantics: unreachable errors do not fire', () => {
    expect(compileExpression('false && 1 / 0 > 1')({})).toBe(false);
    expect(compileExpression('true || [1][5] > 1')({})).toBe(true);
    expect(compileExpression('true ? 1 : 1 / 0')({})).toBe(1);
    expect(() => compileExpression('true && 1 / 0 > 1')({})).toThrow('division by zero');
  });

  test('matches() with a computed pattern', () => {
    const f = compileExpression('value.matches(pattern)');
    expect(f({ value: 'abc', pattern: '^a' })).toBe(true);
    expect(f({ value: 'abc', pattern: '^b' })).toBe(false);
    expect(f({ value: 'ABC', pattern: '(?i)^a' })).toBe(true);
    expect(f({ value: 'abc', pattern: '^a' })).toBe(true);
    expect(() => f({ value: 'abc', pattern: '(?=a)' })).toThrow(
      'lookaround assertions are not supported (RE2)',
    );
  });
});

describe('compilePredicate', () => {
  test('returns booleans and rejects other results', () => {
    const p = compilePredicate('temperature > limit');
    expect(p({ temperature: 3, limit: 2 })).toBe(true);
    expect(compilePredicate('true')({})).toBe(true);
    expect(() => compilePredicate('x')({ x: 1 })).toThrow('a condition must be a boolean, got number');
    expect(() => compilePredicate('temperature * 2')).toThrow(ExpressionError);
    expect(() => compilePredicate('[1][0]')({})).toThrow('a condition must be a boolean, got number');
    expect(compilePredicate('a.exists(x, x > 1) || has(b.c)')({ a: [0], b: { c: 1 } })).toBe(true);
  });
});

describe('access sites (see access-sites.ts)', () => {
  test('many distinct field names sharing copies of the accessors all read correctly', () => {
    const names = Array.from({ length: 60 }, (_, i) => `f${i}`);
    const event = Object.fromEntries(names.map((n, i) => [n, { v: i }]));
    const fns = names.map((n) => compileExpression(`${n}.v * 2`));
    expect(fns.map((f) => f(event))).toEqual(names.map((_, i) => i * 2));
    expect(fns.map((f, i) => f({ ...event, [names[i]!]: { v: 1 } }))).toEqual(names.map(() => 2));
    expect(() => fns[7]!({})).toThrow('no such field "f7"');
    expect(() => fns[7]!({ f7: {} })).toThrow('no such field "v"');
  });
});
