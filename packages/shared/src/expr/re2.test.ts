import { describe, expect, test } from 'vitest';
import { compileRe2Pattern } from './re2.js';

const re = (p: string) => {
  const c = compileRe2Pattern(p);
  if (!c.ok) throw new Error(c.message);
  return c.pattern;
};

describe('compileRe2Pattern', () => {
  test('matches anywhere in the text (RE2 PartialMatch)', () => {
    expect(re('^s-\\d+$').test('s-12')).toBe(true);
    expect(re('b+').test('abbbc')).toBe(true);
    expect(re('[a-c]{2}').test('xxbcx')).toBe(true);
    expect(re('^b').test('abc')).toBe(false);
  });

  test('RE2 syntax that JS RegExp lacks or spells differently', () => {
    expect(re('(?i)hello').test('HeLLo')).toBe(true);
    expect(re('(?s)a.b').test('a\nb')).toBe(true);
    expect(re('a.b').test('a\nb')).toBe(false);
    expect(re('a(?i)b').test('aB')).toBe(true); // flags anywhere, not only at the start
    expect(re('a(?i)b').test('AB')).toBe(false);
    expect(re('(?P<year>\\d{4})').test('in 2024')).toBe(true);
    expect(re('\\Aab').test('xab')).toBe(false);
    expect(re('\\Aab').test('abx')).toBe(true);
    expect(re('ab\\z').test('xab')).toBe(true);
    expect(re('\\Q1+1=2\\E').test('is 1+1=2?')).toBe(true);
    expect(re('^[[:alpha:]]+[[:digit:]]$').test('abc1')).toBe(true);
    expect(re('^[[:upper:]]$').test('a')).toBe(false);
    expect(re('^[[:^alpha:]]$').test('1')).toBe(true);
    expect(re('[]a]').test(']')).toBe(true);
    expect(re('^\\pL+$').test('éte')).toBe(true);
  });

  test.each<[string, string]>([
    ['(a)\\1', 'backreferences are not supported (RE2)'],
    ['\\k<x>', 'backreferences are not supported (RE2)'],
    ['(?=a)', 'lookaround assertions are not supported (RE2)'],
    ['(?!a)', 'lookaround assertions are not supported (RE2)'],
    ['(?<!a)b', 'lookaround assertions are not supported (RE2)'],
    ['(?<=a)b', 'lookaround assertions are not supported (RE2)'],
    ['[[:nope:]]', 'invalid regular expression: invalid character class range: `[:nope:]`'],
    ['a\\', 'invalid regular expression: trailing backslash at end of expression'],
    ['(a', 'invalid regular expression: missing closing ): `(a`'],
    ['x**', 'invalid regular expression: invalid nested repetition operator: `**`'],
    ['a{1001}', 'invalid regular expression: invalid repeat count: `{1001}`'],
  ])('refuses %j with a message', (p, message) => {
    expect(compileRe2Pattern(p)).toEqual({ ok: false, message });
  });

  // JS RegExp backtracks: `(a+)+$` over 24 characters took 1.2 s, over 34 more than a minute. RE2 is
  // linear in the text, so 1,000 texts of 40 characters per pattern take milliseconds.
  test.each<[string, string]>([
    ['(a+)+$', `${'a'.repeat(39)}!`],
    ['^(a+)+$', `${'a'.repeat(39)}!`],
    ['(a|aa)*b', 'a'.repeat(40)],
    ['(x+x+)+y', `${'x'.repeat(39)}!`],
  ])('catastrophic pattern %j stays linear', (p, text) => {
    const pattern = re(p);
    const t0 = performance.now();
    let hits = 0;
    for (let i = 0; i < 1000; i++) if (pattern.test(text)) hits++;
    expect(hits).toBe(0);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(pattern.test(p === '(a|aa)*b' ? 'aab' : p.includes('x') ? 'xxy' : 'aaa')).toBe(true);
  });
});
