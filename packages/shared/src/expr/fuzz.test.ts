import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CEL_FUZZ_TOKENS } from '../testing.js';
import { checkExpression, type ExprScope } from './check.js';
import { completionsAt } from './complete.js';
import { parseExpression } from './parse.js';

const scope: ExprScope = {
  fields: {
    fields: { a: 'number', s: 'string', l: 'list', m: 'map', b: 'boolean', type: 'string' },
    open: false,
  },
  variables: { first: 'list' },
};

const celish = fc.array(fc.constantFrom(...CEL_FUZZ_TOKENS), { maxLength: 30 }).map((xs) => xs.join(''));
const anyString = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  celish,
);

function validSpan(e: { start: number; end: number }, src: string) {
  expect(e.start).toBeGreaterThanOrEqual(0);
  expect(e.end).toBeGreaterThanOrEqual(e.start);
  expect(e.end).toBeLessThanOrEqual(src.length);
}

describe('fuzz: the front end never throws', () => {
  test('parseExpression', () => {
    fc.assert(
      fc.property(anyString, (src) => {
        const r = parseExpression(src);
        if (!r.ok) {
          validSpan(r.error, src);
          expect(r.error.message).not.toContain('\n');
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('checkExpression', () => {
    fc.assert(
      fc.property(
        anyString,
        fc.constantFrom<'boolean' | undefined>('boolean', undefined),
        (src, expectType) => {
          const r = checkExpression(src, scope, { expectType });
          expect(r.ok).toBe(r.errors.length === 0);
          for (const e of r.errors) validSpan(e, src);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('completionsAt, at every cursor position', () => {
    fc.assert(
      fc.property(anyString, fc.nat(), (src, n) => {
        const cursor = n % (src.length + 2);
        const r = completionsAt(src, cursor, scope);
        expect(r.from).toBeLessThanOrEqual(r.to);
      }),
      { numRuns: 2000 },
    );
  });
});
