/**
 * Differential property test, the oracle for the closure compiler: random arithmetic / comparison /
 * logic expressions over a few numeric and boolean fields are generated together with an equivalent
 * JS function; both must agree on random events (same value, or both fail).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileExpression } from './compile.js';
import { EvaluationError } from './errors.js';

type Env = Record<string, unknown>;
type Gen = { src: string; js: (e: Env) => unknown };

class OracleFailure extends Error {}
const NUM_FIELDS = ['a', 'b', 'c'] as const;
const BOOL_FIELDS = ['p', 'q'] as const;

function field(e: Env, name: string): unknown {
  const v = e[name];
  if (v === undefined) throw new OracleFailure(`missing ${name}`);
  return v;
}
const num = (e: Env, name: string) => field(e, name) as number;
const bool = (e: Env, name: string) => field(e, name) as boolean;
const nonZero = (y: number, what = 'division') => {
  if (y === 0) throw new OracleFailure(`${what} by zero`);
  return y;
};

const numLiteral: fc.Arbitrary<Gen> = fc
  .oneof(
    fc.integer({ min: 0, max: 1000 }),
    fc.double({ min: 0, max: 1e4, noNaN: true, noDefaultInfinity: true }),
  )
  .map((n) => ({ src: numberSource(n), js: () => n }));

function numberSource(n: number): string {
  const s = String(n);
  // CEL needs digits before an exponent or a dot; String() gives e.g. "1e-7" or "0.5", both fine
  return s.includes('e') && !s.includes('.') ? s.replace('e', '.0e') : s;
}

const { numExpr, boolExpr } = fc.letrec<{ numExpr: Gen; boolExpr: Gen }>((tie) => ({
  numExpr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numLiteral,
    fc.constantFrom(...NUM_FIELDS).map((f): Gen => ({ src: f, js: (e) => num(e, f) })),
    fc
      .tuple(
        tie('numExpr') as fc.Arbitrary<Gen>,
        fc.constantFrom('+', '-', '*', '/', '%'),
        tie('numExpr') as fc.Arbitrary<Gen>,
      )
      .map(
        ([l, op, r]): Gen => ({
          src: `(${l.src} ${op} ${r.src})`,
          js: (e) => {
            const x = l.js(e) as number;
            const y = r.js(e) as number;
            switch (op) {
              case '+':
                return x + y;
              case '-':
                return x - y;
              case '*':
                return x * y;
              case '/':
                return x / nonZero(y);
              default:
                return x % nonZero(y, 'modulo');
            }
          },
        }),
      ),
    (tie('numExpr') as fc.Arbitrary<Gen>).map(
      (x): Gen => ({ src: `-${x.src}`, js: (e) => -(x.js(e) as number) }),
    ),
    fc
      .tuple(
        tie('boolExpr') as fc.Arbitrary<Gen>,
        tie('numExpr') as fc.Arbitrary<Gen>,
        tie('numExpr') as fc.Arbitrary<Gen>,
      )
      .map(
        ([c, x, y]): Gen => ({
          src: `(${c.src} ? ${x.src} : ${y.src})`,
          js: (e) => (c.js(e) ? x.js(e) : y.js(e)),
        }),
      ),
    fc.tuple(fc.constantFrom('abs', 'floor', 'ceil', 'int'), tie('numExpr') as fc.Arbitrary<Gen>).map(
      ([f, x]): Gen => ({
        src: `${f}(${x.src})`,
        js: (e) => {
          const v = x.js(e) as number;
          // Eventide's int() and ceil() never return -0 (documented in builtins.ts)
          return f === 'abs'
            ? Math.abs(v)
            : f === 'floor'
              ? Math.floor(v)
              : f === 'ceil'
                ? Math.ceil(v) || 0
                : Math.trunc(v) || 0;
        },
      }),
    ),
    fc
      .tuple(
        fc.constantFrom('min', 'max'),
        tie('numExpr') as fc.Arbitrary<Gen>,
        tie('numExpr') as fc.Arbitrary<Gen>,
      )
      .map(
        ([f, x, y]): Gen => ({
          src: `${f}(${x.src}, ${y.src})`,
          js: (e) => {
            const a = x.js(e) as number;
            const b = y.js(e) as number;
            return f === 'min' ? Math.min(a, b) : Math.max(a, b);
          },
        }),
      ),
  ),
  boolExpr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean().map((b): Gen => ({ src: String(b), js: () => b })),
    fc.constantFrom(...BOOL_FIELDS).map((f): Gen => ({ src: f, js: (e) => bool(e, f) })),
    fc
      .tuple(
        tie('numExpr') as fc.Arbitrary<Gen>,
        fc.constantFrom('<', '<=', '>', '>=', '==', '!='),
        tie('numExpr') as fc.Arbitrary<Gen>,
      )
      .map(
        ([l, op, r]): Gen => ({
          src: `(${l.src} ${op} ${r.src})`,
          js: (e) => {
            const x = l.js(e) as number;
            const y = r.js(e) as number;
            switch (op) {
              case '<':
                return x < y;
              case '<=':
                return x <= y;
              case '>':
                return x > y;
              case '>=':
                return x >= y;
              case '==':
                return x === y;
              default:
                return x !== y;
            }
          },
        }),
      ),
    fc
      .tuple(
        tie('boolExpr') as fc.Arbitrary<Gen>,
        fc.constantFrom('&&', '||'),
        tie('boolExpr') as fc.Arbitrary<Gen>,
      )
      .map(
        ([l, op, r]): Gen => ({
          src: `(${l.src} ${op} ${r.src})`,
          js: (e) =>
            op === '&&'
              ? (l.js(e) as boolean) && (r.js(e) as boolean)
              : (l.js(e) as boolean) || (r.js(e) as boolean),
        }),
      ),
    (tie('boolExpr') as fc.Arbitrary<Gen>).map((x): Gen => ({ src: `!${x.src}`, js: (e) => !x.js(e) })),
    fc
      .tuple(
        tie('boolExpr') as fc.Arbitrary<Gen>,
        fc.constantFrom('==', '!='),
        tie('boolExpr') as fc.Arbitrary<Gen>,
      )
      .map(
        ([l, op, r]): Gen => ({
          src: `(${l.src} ${op} ${r.src})`,
          js: (e) => (op === '==' ? l.js(e) === r.js(e) : l.js(e) !== r.js(e)),
        }),
      ),
  ),
}));

const numberValue = fc.oneof(
  fc.integer({ min: -100, max: 100 }),
  fc.constant(0),
  fc.double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true }),
);
// occasionally a field is missing: both sides must then fail (unless short-circuit skips the read)
const event = fc.record(
  {
    a: numberValue,
    b: numberValue,
    c: numberValue,
    p: fc.boolean(),
    q: fc.boolean(),
  },
  { requiredKeys: ['a', 'b', 'p'] },
);

function run(g: Gen, e: Env): { value: unknown } | { error: string } {
  try {
    return { value: g.js(e) };
  } catch (err) {
    if (err instanceof OracleFailure) return { error: err.message };
    throw err;
  }
}

function agree(expr: Gen, events: Env[]): void {
  const compiled = compileExpression(expr.src);
  for (const e of events) {
    const expected = run(expr, e);
    let actual: { value: unknown } | { error: string };
    try {
      actual = { value: compiled(e) };
    } catch (err) {
      if (!(err instanceof EvaluationError)) throw err;
      actual = { error: err.message };
    }
    if ('value' in expected) {
      expect(actual, `${expr.src} on ${JSON.stringify(e)}`).toEqual({ value: expected.value });
    } else {
      expect('error' in actual, `${expr.src} on ${JSON.stringify(e)} should fail: ${expected.error}`).toBe(
        true,
      );
      const kind = expected.error.startsWith('missing') ? 'no such field' : expected.error;
      expect((actual as { error: string }).error).toContain(kind);
    }
  }
}

describe('differential: compiled closures agree with equivalent JS', () => {
  test('numeric expressions', () => {
    fc.assert(
      fc.property(numExpr, fc.array(event, { minLength: 1, maxLength: 8 }), (expr, events) =>
        agree(expr, events),
      ),
      { numRuns: 1500 },
    );
  });

  test('boolean expressions (comparisons and logic)', () => {
    fc.assert(
      fc.property(boolExpr, fc.array(event, { minLength: 1, maxLength: 8 }), (expr, events) =>
        agree(expr, events),
      ),
      { numRuns: 1500 },
    );
  });

  test('operator precedence without parentheses matches JS', () => {
    const ops = ['+', '-', '*', '/'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.constantFrom(...ops), { minLength: 3, maxLength: 3 }),
        (ns, os) => {
          const src = `${ns[0]} ${os[0]} a ${os[1]} ${ns[2]} ${os[2]} b`;
          const e = { a: ns[1]!, b: ns[3]! };
          // the same text is valid JS with the same precedence; evaluate it with the values substituted
          const js = [ns[0], os[0], e.a, os[1], ns[2], os[2], e.b];
          let value = 0;
          // left-to-right with * and / binding tighter, as in both languages
          const terms: number[] = [js[0] as number];
          const addOps: string[] = [];
          for (let i = 1; i < js.length; i += 2) {
            const op = js[i] as string;
            const n = js[i + 1] as number;
            if (op === '*') terms[terms.length - 1]! *= n;
            else if (op === '/') terms[terms.length - 1]! /= n;
            else {
              addOps.push(op);
              terms.push(n);
            }
          }
          value = terms[0]!;
          addOps.forEach((op, i) => {
            value = op === '+' ? value + terms[i + 1]! : value - terms[i + 1]!;
          });
          expect(compileExpression(src)(e)).toBe(value);
        },
      ),
      { numRuns: 500 },
    );
  });
});
