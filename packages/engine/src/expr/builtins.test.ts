import { BUILTIN_FUNCTIONS, BUILTIN_MACROS, UNAVAILABLE_FUNCTIONS } from '@eventide/shared';
import { describe, expect, test } from 'vitest';
import { BUILTIN_IMPLEMENTATIONS } from './builtins.js';
import { compileExpression } from './compile.js';
import { ExpressionError } from './errors.js';

describe('builtins: the shared table and the engine agree', () => {
  test('every declared function is implemented, and nothing else is', () => {
    expect(Object.keys(BUILTIN_IMPLEMENTATIONS).sort()).toEqual(BUILTIN_FUNCTIONS.map((f) => f.name).sort());
  });

  test('every overload of every function compiles and runs in its declared form', () => {
    const sample: Record<string, string> = {
      number: '2.5',
      string: '"2"',
      boolean: 'true',
      list: '[1]',
      map: '{"a": 1}',
      null: 'null',
      any: '1',
    };
    const valid: Record<string, Record<string, string>> = {
      timestamp: { string: '"2024-01-01T00:00:00Z"' },
      duration: { string: '"5s"' },
      bool: { string: '"true"' },
    };
    for (const f of BUILTIN_FUNCTIONS) {
      for (const o of f.overloads) {
        const lit = (t: string | readonly string[]) => {
          const type = typeof t === 'string' ? t : t[0]!;
          return valid[f.name]?.[type] ?? sample[type]!;
        };
        const args = o.args.map(lit);
        if (o.rest) args.push(lit(o.rest));
        const src = o.receiver
          ? `${lit(o.receiver)}.${f.name}(${args.join(', ')})`
          : `${f.name}(${args.join(', ')})`;
        const value = compileExpression(src)({});
        const t = o.result;
        if (t !== 'any') expect(typeof value, src).toBe(t === 'list' || t === 'map' ? 'object' : t);
      }
    }
  });

  test('macros compile; unavailable functions do not', () => {
    for (const m of BUILTIN_MACROS) {
      const src =
        m.form === 'global' ? 'has(a.b)' : `[1, 2].${m.name}(x, ${m.name === 'map' ? 'x' : 'x > 1'})`;
      expect(() => compileExpression(src)).not.toThrow();
    }
    for (const name of Object.keys(UNAVAILABLE_FUNCTIONS)) {
      expect(() => compileExpression(`${name}()`)).toThrow(ExpressionError);
    }
  });
});
