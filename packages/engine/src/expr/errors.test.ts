import { describe, expect, test } from 'vitest';
import { compileExpression } from './compile.js';
import { EvaluationError, ExpressionError } from './errors.js';

function compileError(src: string, variables?: string[]): ExpressionError {
  try {
    compileExpression(src, variables ? { variables } : {});
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error(`expected ${src} not to compile`);
}

function evalError(
  src: string,
  event: Record<string, unknown>,
  vars?: Record<string, unknown>,
): EvaluationError {
  const f = compileExpression(src, vars ? { variables: Object.keys(vars) } : {});
  try {
    f(event, vars);
  } catch (err) {
    if (err instanceof EvaluationError) return err;
    throw err;
  }
  throw new Error(`expected ${src} to fail on ${JSON.stringify(event)}`);
}

describe('compile-time errors (ExpressionError)', () => {
  test.each<[string, string, number, number]>([
    ['1 +', 'unexpected end of expression', 3, 3],
    ['(a', "expected ')' but found end of expression", 2, 2],
    ['a ==== b', "unexpected '=='", 4, 6],
    ['ts > now()', 'now() is not available', 5, 8],
    ['sise(x)', 'unknown function "sise"; did you mean "size"?', 0, 4],
    ['x.frobnicate()', 'unknown method "frobnicate"', 2, 12],
    ['size(a, b)', 'size() takes 1 argument, got 2', 0, 10],
    ['"a" - 1', "cannot apply '-' to a string and a number (numbers only)", 0, 7],
    ['1 + "a"', "cannot apply '+' to a number and a string", 0, 7],
    ['!"a"', "'!' needs a boolean, got a string", 0, 4],
    ['duration("soon")', 'invalid duration "soon"', 9, 15],
    ['x.matches("(")', 'invalid regular expression', 10, 13],
    ['b"x"', 'bytes literals are not supported', 0, 4],
    ['has(1)', 'has() expects a field selection', 4, 5],
  ])('%s', (src, message, start, end) => {
    const e = compileError(src);
    expect(e.message).toContain(message);
    expect(e.errors[0]!.message).toContain(message);
    expect([e.start, e.end]).toEqual([start, end]);
    expect(e.source).toBe(src);
    expect(e.name).toBe('ExpressionError');
  });

  test('unknown fields are fine at compile time (the engine does not know the schema)', () => {
    expect(() => compileExpression('whatever.deep[0] > 1')).not.toThrow();
  });

  test('every error is reported', () => {
    expect(compileError('now() + sise(1)').errors.map((e) => e.start)).toEqual([0, 8]);
  });
});

describe('evaluation errors (EvaluationError) name the failing sub-expression', () => {
  test.each<[string, Record<string, unknown>, string, string]>([
    ['temperature > 30', {}, 'no such field "temperature"', 'temperature'],
    ['a.b.c > 1', { a: { x: 1 } }, 'no such field "b"', 'a.b'],
    ['a.b.c > 1', { a: { b: 5 } }, 'cannot read field "c" of number', 'a.b.c'],
    ['a.b', { a: [1] }, 'cannot read field "b" of list', 'a.b'],
    ['a.b', { a: null }, 'cannot read field "b" of null', 'a.b'],
    ['x[0].user', { x: [] }, 'index 0 out of range (size 0)', 'x[0]'],
    ['x[i]', { x: [1], i: 0.5 }, 'a list index must be an integer, got number', 'x[i]'],
    ['x[-1]', { x: [1] }, 'index -1 out of range (size 1)', 'x[-1]'],
    ['m["k"]', { m: {} }, 'no such key "k"', 'm["k"]'],
    ['s[0]', { s: 'abc' }, 'cannot index string', 's[0]'],
    ['temperature * 2', { temperature: '30' }, "cannot apply '*' to string and number", 'temperature * 2'],
    ['a + b', { a: 1, b: '1' }, "cannot apply '+' to number and string", 'a + b'],
    ['a + b', { a: [1], b: 'x' }, "cannot apply '+' to list and string", 'a + b'],
    ['a / b', { a: 1, b: 0 }, 'division by zero', 'a / b'],
    ['a % 0', { a: 1 }, 'modulo by zero', 'a % 0'],
    ['10 / a', { a: 0 }, 'division by zero', '10 / a'],
    ['a < b', { a: 1, b: 'x' }, "cannot compare number with string using '<'", 'a < b'],
    ['a >= 1', { a: null }, "cannot compare null with number using '>='", 'a >= 1'],
    ['a > b', { a: [1], b: [1] }, "cannot compare list with list using '>'", 'a > b'],
    ['-a', { a: 'x' }, "'-' needs a number, got string", '-a'],
    ['!a', { a: 1 }, "'!' needs a boolean, got number", '!a'],
    ['a && true', { a: 'yes' }, "'&&' needs a boolean, got string", 'a'],
    ['true && a', { a: 1 }, "'&&' needs a boolean, got number", 'a'],
    ['false || a', { a: null }, "'||' needs a boolean, got null", 'a'],
    ['a ? 1 : 2', { a: 'x' }, "the condition of '?:' must be a boolean, got string", 'a'],
    ['1 in a', { a: 'abc' }, "'in' needs a list or a map on its right, got string", '1 in a'],
    ['xs.exists(x, x)', { xs: [1] }, 'the predicate of exists() must be a boolean, got number', 'x'],
    ['xs.all(x, x > 1)', { xs: 'abc' }, 'all() needs a list or a map, got string', 'xs'],
    ['xs.map(x, x, x)', { xs: [1] }, 'the filter of map() must be a boolean, got number', 'x'],
    ['has(a.b)', { a: 1 }, 'has() needs a map, got number', 'a'],
    ['has(a.b.c)', { a: {} }, 'no such field "b"', 'a.b'],
    ['size(a)', { a: 1 }, 'size() expects a string, list or map, got number', 'size(a)'],
    ['a.contains("x")', { a: 1 }, 'contains() expects a string, got number', 'a.contains("x")'],
    ['a.matches("x")', { a: 1 }, 'matches() expects a string, got number', 'a.matches("x")'],
    ['int(a)', { a: 'abc' }, 'int() cannot convert "abc" to a number', 'int(a)'],
    ['int(a)', { a: '' }, 'int() cannot convert "" to a number', 'int(a)'],
    ['double(a)', { a: [] }, 'double() expects a number or a numeric string, got list', 'double(a)'],
    ['bool(a)', { a: 'yes' }, 'bool() cannot convert "yes" to a boolean', 'bool(a)'],
    ['abs(a)', { a: '1' }, 'abs() expects a number, got string', 'abs(a)'],
    ['max(a, 1)', { a: null }, 'max() expects a number, got null', 'max(a, 1)'],
    ['timestamp(t)', { t: 'yesterday' }, 'timestamp() cannot parse "yesterday"', 'timestamp(t)'],
    ['timestamp(t)', { t: 1714566896000 }, 'timestamp() expects a string, got number', 'timestamp(t)'],
    ['duration(d)', { d: '5 s' }, 'duration() cannot parse "5 s"', 'duration(d)'],
  ])('%s on %j', (src, event, message, subExpression) => {
    const e = evalError(src, event);
    expect(e.message).toContain(message);
    expect(e.expression).toBe(subExpression);
    expect(src.slice(e.start, e.end)).toBe(subExpression);
    expect(e.name).toBe('EvaluationError');
  });

  test('an unbound variable is an evaluation error', () => {
    const f = compileExpression('size(fails)', { variables: ['fails'] });
    expect(() => f({})).toThrow('variable "fails" is not bound');
    expect(() => f({ fails: [1] }, {})).toThrow('variable "fails" is not bound');
  });

  test('a field present with the value undefined counts as missing', () => {
    expect(() => compileExpression('a')({ a: undefined })).toThrow('no such field "a"');
  });

  test('the message quotes the sub-expression source', () => {
    const e = evalError('ok && temperature * 2 > 1', { ok: true, temperature: 'hot' });
    expect(e.message).toBe("cannot apply '*' to string and number (in `temperature * 2`)");
    expect([e.start, e.end]).toEqual([6, 21]);
  });
});
