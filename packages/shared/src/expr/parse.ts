/**
 * Eventide's expression language is CEL (https://cel.dev) with JSON-number semantics.
 *
 * Decision: @marcbachmann/cel-js is used as the PARSER only (syntax, macros, source positions).
 * Eventide does its own checking (check.ts) and its own compilation of the AST to JS closures
 * (packages/engine/src/expr). Two cel-js evaluation rules are hostile to JSON events and are
 * deliberately not followed:
 *  - cel-js integers are BigInt and `double + int` has no overload, so `temperature + 1` fails when
 *    temperature is a JSON number. Eventide: every number is a JS number (int literals too), `/` is
 *    float division, `%` is the JS remainder, `size()`/`int()` return numbers, `int()` truncates.
 *    No BigInt ever reaches a caller.
 *  - cel-js resolves `type`, `int`, `string`, `timestamp`... to builtin type constants, so
 *    `type == "fail"` compares a type. Eventide resolves an identifier to the variables in scope
 *    (comprehension variables, CEP step names, event fields) and has no type constants, so
 *    `type == "fail"` reads the event's `type` field.
 * Expressions never run as JavaScript (no eval, no new Function).
 */
import { Environment } from '@marcbachmann/cel-js';
import type { ExprAst, ExprError, IdentNode, MacroName, SelectNode } from './ast.js';

/** An expression nested deeper than this is refused (the checker and compiler recurse over the tree). */
export const MAX_EXPRESSION_DEPTH = 200;

const celParser = new Environment({
  unlistedVariablesAreDyn: true,
  homogeneousAggregateLiterals: false,
  limits: {
    maxAstNodes: 10_000,
    maxDepth: 100,
    maxListElements: 1000,
    maxMapEntries: 1000,
    maxCallArguments: 32,
  },
});

export type ExprParseResult = { ok: true; ast: ExprAst } | { ok: false; error: ExprError };

/** Parses CEL source into Eventide's AST. Never throws. */
export function parseExpression(src: string): ExprParseResult {
  if (typeof src !== 'string')
    return { ok: false, error: { message: 'expression must be a string', start: 0, end: 0 } };
  if (src.trim() === '')
    return { ok: false, error: { message: 'empty expression', start: 0, end: src.length } };
  let root: CelNode;
  try {
    root = celParser.parse(src).ast as unknown as CelNode;
  } catch (err) {
    return { ok: false, error: celErrorToExprError(err, src) };
  }
  try {
    return { ok: true, ast: new Converter(src).convert(root, 0) };
  } catch (err) {
    if (err instanceof ConversionError) return { ok: false, error: err.error };
    if (err instanceof RangeError) {
      return { ok: false, error: { message: 'expression is nested too deeply', start: 0, end: src.length } };
    }
    return { ok: false, error: celErrorToExprError(err, src) };
  }
}

/** Source text of a node, for messages (`temperature * 2`), shortened when long. */
export function exprSourceText(src: string, node: { start: number; end: number }, max = 60): string {
  const text = src.slice(node.start, node.end);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// cel-js AST -> ExprAst

interface CelNode {
  op: string;
  args: unknown;
  start: number;
  end: number;
  pos: number;
}

class ConversionError extends Error {
  constructor(readonly error: ExprError) {
    super(error.message);
  }
}

const BINARY_OPS = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'in']);
const MACRO_ARITY: Record<MacroName, number[]> = {
  all: [2],
  exists: [2],
  exists_one: [2],
  filter: [2],
  map: [2, 3],
};

class Converter {
  constructor(private readonly src: string) {}

  private fail(message: string, start: number, end: number): never {
    throw new ConversionError({ message, start, end });
  }

  convert(node: CelNode, depth: number): ExprAst {
    if (depth > MAX_EXPRESSION_DEPTH) {
      this.fail(
        `expression is nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`,
        node.start,
        node.end,
      );
    }
    const d = depth + 1;
    const { start, end } = node;
    const op = node.op;
    switch (op) {
      case 'value':
        return { kind: 'literal', value: this.literal(node.args, start, end), start, end };
      case 'id':
        return { kind: 'ident', name: node.args as string, start, end };
      case '.':
      case '.?': {
        const [object, field] = node.args as [CelNode, string];
        return { kind: 'select', object: this.convert(object, d), field, fieldStart: node.pos, start, end };
      }
      case '[]':
      case '[?]': {
        const [object, index] = node.args as [CelNode, CelNode];
        return { kind: 'index', object: this.convert(object, d), index: this.convert(index, d), start, end };
      }
      case '!_':
      case '-_':
        return {
          kind: 'unary',
          op: op === '!_' ? '!' : '-',
          operand: this.convert(node.args as CelNode, d),
          start,
          end,
        };
      case '&&':
      case '||': {
        const [left, right] = node.args as [CelNode, CelNode];
        return {
          kind: 'logical',
          op,
          left: this.convert(left, d),
          right: this.convert(right, d),
          start,
          end,
        };
      }
      case '?:': {
        const [test, consequent, alternate] = node.args as [CelNode, CelNode, CelNode];
        return {
          kind: 'conditional',
          test: this.convert(test, d),
          consequent: this.convert(consequent, d),
          alternate: this.convert(alternate, d),
          start,
          end,
        };
      }
      case 'list':
        return { kind: 'list', items: (node.args as CelNode[]).map((n) => this.convert(n, d)), start, end };
      case 'map':
        return {
          kind: 'map',
          entries: (node.args as [CelNode, CelNode][]).map(([k, v]) => ({
            key: this.convert(k, d),
            value: this.convert(v, d),
          })),
          start,
          end,
        };
      case 'call': {
        const [name, args] = node.args as [string, CelNode[]];
        if (name === 'has' && args.length === 1) return this.has(args[0]!, start, end, d);
        return {
          kind: 'call',
          name,
          nameStart: start,
          nameEnd: start + name.length,
          target: null,
          args: args.map((n) => this.convert(n, d)),
          start,
          end,
        };
      }
      case 'rcall': {
        const [name, receiver, args] = node.args as [string, CelNode, CelNode[]];
        const nameStart = this.methodNameStart(receiver.end, name);
        const nameEnd = nameStart + name.length;
        const target = this.convert(receiver, d);
        const arity = MACRO_ARITY[name as MacroName] as number[] | undefined;
        if (Object.hasOwn(MACRO_ARITY, name) && arity?.includes(args.length)) {
          const [v, a, b] = args as [CelNode, CelNode, CelNode | undefined];
          if (v.op !== 'id')
            this.fail(`${name}() needs a variable name as its first argument`, v.start, v.end);
          return {
            kind: 'comprehension',
            macro: name as MacroName,
            nameStart,
            nameEnd,
            range: target,
            variable: v.args as string,
            variableStart: v.start,
            variableEnd: v.end,
            filter: b ? this.convert(a, d) : null,
            body: this.convert(b ?? a, d),
            start,
            end,
          };
        }
        return {
          kind: 'call',
          name,
          nameStart,
          nameEnd,
          target,
          args: args.map((n) => this.convert(n, d)),
          start,
          end,
        };
      }
      default: {
        if (BINARY_OPS.has(op)) {
          const [left, right] = node.args as [CelNode, CelNode];
          return {
            kind: 'binary',
            op: op as '+',
            left: this.convert(left, d),
            right: this.convert(right, d),
            start,
            end,
          };
        }
        return this.fail(`unsupported syntax (${op})`, start, end);
      }
    }
  }

  private has(arg: CelNode, start: number, end: number, depth: number): ExprAst {
    if (arg.op !== '.' && arg.op !== 'id') {
      this.fail('has() expects a field selection, e.g. has(a.b) or has(field)', arg.start, arg.end);
    }
    const operand = this.convert(arg, depth) as SelectNode | IdentNode;
    return { kind: 'has', operand, start, end };
  }

  private literal(value: unknown, start: number, end: number): number | string | boolean | null {
    switch (typeof value) {
      case 'number':
      case 'string':
      case 'boolean':
        return value;
      case 'bigint':
        return Number(value);
      case 'object':
        if (value === null) return null;
        if (value instanceof Uint8Array) return this.fail('bytes literals are not supported', start, end);
        // cel-js UnsignedInt (`5u`): a number like any other
        if (typeof (value as { value?: unknown }).value === 'bigint')
          return Number((value as { value: bigint }).value);
        return this.fail('unsupported literal', start, end);
      default:
        return this.fail('unsupported literal', start, end);
    }
  }

  /** cel-js gives no position for a method name: find it after the receiver, past `.` and whitespace/comments. */
  private methodNameStart(from: number, name: string): number {
    const src = this.src;
    let i = skipTrivia(src, from);
    if (src[i] === '.') i = skipTrivia(src, i + 1);
    return src.startsWith(name, i) ? i : from;
  }
}

function skipTrivia(src: string, i: number): number {
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else break;
  }
  return i;
}

// ---------------------------------------------------------------------------------------------
// cel-js errors -> short messages with positions

const TOKEN_TEXT: Record<string, string> = {
  EOF: 'end of expression',
  NUMBER: 'number',
  STRING: 'string',
  BOOLEAN: 'boolean',
  NULL: 'null',
  IDENTIFIER: 'name',
  PLUS: "'+'",
  MINUS: "'-'",
  MULTIPLY: "'*'",
  DIVIDE: "'/'",
  MODULO: "'%'",
  EQ: "'=='",
  NE: "'!='",
  LT: "'<'",
  LE: "'<='",
  GT: "'>'",
  GE: "'>='",
  AND: "'&&'",
  OR: "'||'",
  NOT: "'!'",
  IN: "'in'",
  LPAREN: "'('",
  RPAREN: "')'",
  LBRACKET: "'['",
  RBRACKET: "']'",
  LBRACE: "'{'",
  RBRACE: "'}'",
  DOT: "'.'",
  COMMA: "','",
  COLON: "':'",
  QUESTION: "'?'",
  BYTES: 'bytes',
};

function humanize(summary: string, code: string | undefined): string {
  let m = summary;
  const expected = /^Expected (\w+), got (\w+)$/.exec(m);
  if (expected) {
    m = `expected ${TOKEN_TEXT[expected[1]!] ?? expected[1]} but found ${TOKEN_TEXT[expected[2]!] ?? expected[2]}`;
  } else {
    const unexpected = /^Unexpected token: (\w+)$/.exec(m);
    if (unexpected) m = `unexpected ${TOKEN_TEXT[unexpected[1]!] ?? unexpected[1]}`;
  }
  if (code === 'reserved_identifier') m = `${m} (reserved word, cannot be used as a name)`;
  if (code === 'limit_exceeded') m = `expression is too large or too deeply nested (${m})`;
  return m.charAt(0).toLowerCase() + m.slice(1);
}

function celErrorToExprError(err: unknown, src: string): ExprError {
  const e = err as {
    summary?: unknown;
    message?: unknown;
    code?: unknown;
    range?: { start: number; end: number };
  };
  const raw =
    typeof e?.summary === 'string' ? e.summary : typeof e?.message === 'string' ? e.message : String(err);
  // keep only the first line: cel-js appends an ASCII-art excerpt of the source to `message`
  const summary = raw.split('\n')[0] ?? raw;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  let start = 0;
  let end = src.length;
  if (e?.range && typeof e.range.start === 'number') {
    start = clamp(e.range.start, 0, src.length);
    end = clamp(typeof e.range.end === 'number' ? e.range.end : start, start, src.length);
  }
  return { message: humanize(summary, code), start, end };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(n, hi));
}
