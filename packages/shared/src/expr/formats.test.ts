import { describe, expect, test } from 'vitest';
import { parseDuration, parseTimestamp, translateRe2 } from './formats.js';

describe('parseDuration', () => {
  test.each<[string, number | null]>([
    ['5s', 5000],
    ['1m30s', 90_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['2h45m', 9_900_000],
    ['-5s', -5000],
    ['+1m', 60_000],
    ['100us', 0.1],
    ['1000000ns', 1],
    ['0', 0],
    ['.5s', 500],
    ['', null],
    ['5', null],
    ['5x', null],
    ['s', null],
    ['1m 30s', null],
    ['-', null],
  ])('%j -> %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('parseTimestamp', () => {
  test.each<[string, number | null]>([
    ['2024-01-01T00:00:00Z', Date.UTC(2024, 0, 1)],
    ['2024-05-01T12:34:56.789Z', Date.UTC(2024, 4, 1, 12, 34, 56, 789)],
    ['2024-05-01T12:34:56.7891234Z', Date.UTC(2024, 4, 1, 12, 34, 56, 789)],
    ['2024-05-01T12:34:56.5Z', Date.UTC(2024, 4, 1, 12, 34, 56, 500)],
    ['2024-05-01T14:34:56+02:00', Date.UTC(2024, 4, 1, 12, 34, 56)],
    ['2024-05-01T10:04:56-0230', Date.UTC(2024, 4, 1, 12, 34, 56)],
    ['2024-05-01 12:34:56Z', Date.UTC(2024, 4, 1, 12, 34, 56)],
    // no offset: UTC, never the machine's local time zone
    ['2024-05-01T12:34:56', Date.UTC(2024, 4, 1, 12, 34, 56)],
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0001-01-01T00:00:00Z', -62135596800000],
    ['2023-02-29T00:00:00Z', null],
    ['2024-13-01T00:00:00Z', null],
    ['2024-04-31', null],
    ['2024-05-01T24:00:00Z', null],
    ['2024-05-01T12:60:00Z', null],
    ['May 1, 2024', null],
    ['1714566896000', null],
    ['', null],
  ])('%j', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });
});

describe('translateRe2', () => {
  const re = (p: string) => {
    const t = translateRe2(p);
    if (!t.ok) throw new Error(t.message);
    return new RegExp(t.source, t.flags);
  };

  test('shared syntax passes through and matches anywhere (partial match)', () => {
    expect(re('^s-\\d+$').test('s-12')).toBe(true);
    expect(re('b+').test('abbbc')).toBe(true);
    expect(re('[a-c]{2}').test('xxbcx')).toBe(true);
  });

  test('RE2-specific syntax is translated', () => {
    expect(re('(?i)hello').test('HeLLo')).toBe(true);
    expect(re('(?s)a.b').test('a\nb')).toBe(true);
    expect(re('a.b').test('a\nb')).toBe(false);
    expect(re('(?P<year>\\d{4})').exec('in 2024')?.groups?.year).toBe('2024');
    expect(re('\\Aab').test('xab')).toBe(false);
    expect(re('\\Aab').test('abx')).toBe(true);
    expect(re('ab\\z').test('xab')).toBe(true);
    expect(re('\\Q1+1=2\\E').test('is 1+1=2?')).toBe(true);
    expect(re('^[[:alpha:]]+[[:digit:]]$').test('abc1')).toBe(true);
    expect(re('^[[:upper:]]$').test('a')).toBe(false);
    expect(re('[]a]').test(']')).toBe(true);
  });

  test.each<[string, string]>([
    ['(a)\\1', 'backreferences are not supported (RE2)'],
    ['(?=a)', 'lookaround assertions are not supported (RE2)'],
    ['(?<!a)b', 'lookaround assertions are not supported (RE2)'],
    ['a(?i)b', 'inline flag groups are only supported at the start of the pattern, e.g. (?i)'],
    ['(?U)a+', 'unsupported regular expression flag "U"'],
    ['[[:nope:]]', 'unknown POSIX class "[:nope:]"'],
    ['[[:^alpha:]]', 'negated POSIX classes are not supported'],
    ['a\\', 'regular expression ends with a lone backslash'],
  ])('refuses %j', (p, message) => {
    expect(translateRe2(p)).toEqual({ ok: false, message });
  });

  test('invalid patterns are reported, not thrown', () => {
    const t = translateRe2('(a');
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.message).toMatch(/^invalid regular expression: /);
  });
});
