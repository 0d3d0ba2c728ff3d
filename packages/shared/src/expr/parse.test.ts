import { describe, expect, test } from 'vitest';
import type { ExprAst } from './ast.js';
import { parseExpression } from './parse.js';

function ast(src: string): ExprAst {
  const r = parseExpression(src);
  if (!r.ok) throw new Error(`parse failed: ${r.error.message}`);
  return r.ast;
}

function err(src: string) {
  const r = parseExpression(src);
  if (r.ok) throw new Error(`expected a parse error for ${src}`);
  return r.error;
}

/** Walks the AST and collects every value, to check that no BigInt or class instance leaks. */
function values(node: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const n of node) values(n, out);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) values(v, out);
  else out.push(node);
  return out;
}

describe('parseExpression', () => {
  test('builds Eventide AST nodes with source offsets', () => {
    expect(ast('temperature > 30 && type == "fail"')).toEqual({
      kind: 'logical',
      op: '&&',
      start: 0,
      end: 34,
      left: {
        kind: 'binary',
        op: '>',
        start: 0,
        end: 16,
        left: { kind: 'ident', name: 'temperature', start: 0, end: 11 },
        right: { kind: 'literal', value: 30, start: 14, end: 16 },
      },
      right: {
        kind: 'binary',
        op: '==',
        start: 20,
        end: 34,
        left: { kind: 'ident', name: 'type', start: 20, end: 24 },
        right: { kind: 'literal', value: 'fail', start: 28, end: 34 },
      },
    });
  });

  test('integer literals are JS numbers, never BigInt', () => {
    for (const src of ['42', '0x1F', '7u', '-5', '[1, 2, 3]', '{"a": 1}', '9007199254740993']) {
      for (const v of values(ast(src))) expect(typeof v).not.toBe('bigint');
    }
    expect(ast('0x1F')).toMatchObject({ kind: 'literal', value: 31 });
    expect(ast('7u')).toMatchObject({ kind: 'literal', value: 7 });
    expect(ast('-5')).toMatchObject({ kind: 'unary', op: '-', operand: { kind: 'literal', value: 5 } });
    expect(ast('2.5e3')).toMatchObject({ kind: 'literal', value: 2500 });
  });

  test('select, index and method calls', () => {
    expect(ast('x[0].user')).toMatchObject({
      kind: 'select',
      field: 'user',
      fieldStart: 5,
      object: { kind: 'index', object: { kind: 'ident', name: 'x' }, index: { kind: 'literal', value: 0 } },
    });
    expect(ast('a.b.c')).toMatchObject({
      kind: 'select',
      field: 'c',
      object: { kind: 'select', field: 'b' },
    });
    expect(ast('name.startsWith("x")')).toMatchObject({
      kind: 'call',
      name: 'startsWith',
      nameStart: 5,
      nameEnd: 15,
      target: { kind: 'ident', name: 'name' },
      args: [{ kind: 'literal', value: 'x' }],
    });
    // the method name is located past whitespace and comments
    expect(ast('"abc" // note\n  . size()')).toMatchObject({
      kind: 'call',
      name: 'size',
      nameStart: 18,
      nameEnd: 22,
    });
    expect(ast('size(x)')).toMatchObject({
      kind: 'call',
      name: 'size',
      nameStart: 0,
      nameEnd: 4,
      target: null,
    });
  });

  test('macros become has and comprehension nodes', () => {
    expect(ast('has(a.b)')).toMatchObject({ kind: 'has', operand: { kind: 'select', field: 'b' } });
    expect(ast('has(field)')).toMatchObject({ kind: 'has', operand: { kind: 'ident', name: 'field' } });
    expect(ast('xs.exists(x, x > 1)')).toMatchObject({
      kind: 'comprehension',
      macro: 'exists',
      variable: 'x',
      variableStart: 10,
      variableEnd: 11,
      range: { kind: 'ident', name: 'xs' },
      filter: null,
      body: { kind: 'binary', op: '>' },
    });
    expect(ast('xs.map(x, x > 1, x * 2)')).toMatchObject({
      kind: 'comprehension',
      macro: 'map',
      filter: { kind: 'binary', op: '>' },
      body: { kind: 'binary', op: '*' },
    });
    // wrong macro arity stays a call; the checker reports it
    expect(ast('xs.exists(x)')).toMatchObject({ kind: 'call', name: 'exists' });
  });

  test('ternary, lists, maps, unary', () => {
    expect(ast('a ? 1 : "x"')).toMatchObject({
      kind: 'conditional',
      test: { kind: 'ident' },
      consequent: { value: 1 },
      alternate: { value: 'x' },
    });
    expect(ast('[1, "a", null]')).toMatchObject({
      kind: 'list',
      items: [{ value: 1 }, { value: 'a' }, { value: null }],
    });
    expect(ast('{"k": v}')).toMatchObject({
      kind: 'map',
      entries: [{ key: { value: 'k' }, value: { kind: 'ident' } }],
    });
    expect(ast('!ok')).toMatchObject({ kind: 'unary', op: '!' });
  });

  test('error offsets point into the source', () => {
    expect(err('1 +')).toEqual({ message: 'unexpected end of expression', start: 3, end: 3 });
    expect(err('temperature > 30 &&& x')).toMatchObject({ start: 19, end: 20 });
    expect(err('(a + b')).toEqual({ message: "expected ')' but found end of expression", start: 6, end: 6 });
    expect(err('"abc')).toEqual({ message: 'unterminated string', start: 0, end: 4 });
    expect(err('a # b')).toMatchObject({ message: 'unexpected character: #', start: 2, end: 3 });
    expect(err('if > 3')).toMatchObject({ message: expect.stringContaining('reserved'), start: 0, end: 2 });
  });

  test('messages are short, without the ASCII-art source excerpt', () => {
    for (const src of ['1 +', 'a b', '(', 'x.', 'f(,)', '"\\q"']) {
      const e = err(src);
      expect(e.message).not.toContain('\n');
      expect(e.message).not.toContain('|');
      expect(e.start).toBeGreaterThanOrEqual(0);
      expect(e.end).toBeGreaterThanOrEqual(e.start);
      expect(e.end).toBeLessThanOrEqual(src.length);
    }
  });

  test('unsupported constructs are parse errors with positions', () => {
    expect(err('b"bytes" == x')).toEqual({ message: 'bytes literals are not supported', start: 0, end: 8 });
    expect(err('has(1)')).toMatchObject({
      message: expect.stringContaining('has() expects a field'),
      start: 4,
      end: 5,
    });
    expect(err('xs.all(1, true)')).toMatchObject({ start: 7, end: 8 });
    expect(err('   ')).toMatchObject({ message: 'empty expression' });
  });

  test('deep nesting is refused, never a stack overflow', () => {
    const deep = `${'('.repeat(5000)}1${')'.repeat(5000)}`;
    expect(parseExpression(deep).ok).toBe(false);
    const long = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' + ');
    const r = parseExpression(long);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('nested too deeply');
  });
});
