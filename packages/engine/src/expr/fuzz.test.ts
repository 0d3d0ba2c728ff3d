import { CEL_FUZZ_TOKENS } from '@eventide/shared/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileExpression } from './compile.js';
import { EvaluationError, ExpressionError } from './errors.js';

const celish = fc.array(fc.constantFrom(...CEL_FUZZ_TOKENS), { maxLength: 25 }).map((xs) => xs.join(''));
const event = { a: 1, s: 'abc', l: [1, 'x', null], m: { k: 1 }, x: 0, type: 't' };

describe('fuzz: compile and evaluate only ever throw ExpressionError / EvaluationError', () => {
  test('random sources', () => {
    fc.assert(
      fc.property(fc.oneof(celish, fc.string({ maxLength: 40 })), (src) => {
        let f: ReturnType<typeof compileExpression>;
        try {
          f = compileExpression(src);
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionError);
          return;
        }
        try {
          const v = f(event);
          expect(typeof v).not.toBe('bigint');
          expect(typeof v).not.toBe('undefined');
          expect(typeof v).not.toBe('function');
        } catch (err) {
          expect(err).toBeInstanceOf(EvaluationError);
        }
      }),
      { numRuns: 4000 },
    );
  });
});
