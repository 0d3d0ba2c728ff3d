/**
 * Implementations of the builtin functions declared in @eventide/shared's BUILTIN_FUNCTIONS table
 * (a test fails when a function is declared there and not implemented here, or the reverse).
 * The method form passes its receiver as the first argument: `s.contains(x)` calls contains(s, x).
 * Implementations check their argument types at run time (expressions may read fields of unknown
 * type) and throw BuiltinFailure; the compiled call turns it into an EvaluationError that names the
 * call's source text.
 */
import {
  compileRe2Pattern,
  isNumericString,
  parseBoolString,
  parseDuration,
  parseTimestamp,
  type Re2Pattern,
} from '@eventide/shared';
import { codePointLength, isMap, typeName } from './values.js';

export class BuiltinFailure extends Error {}

function fail(message: string): never {
  throw new BuiltinFailure(message);
}

function num(name: string, v: unknown): number {
  if (typeof v === 'number') return v;
  return fail(`${name}() expects a number, got ${typeName(v)}`);
}

function str(name: string, v: unknown, what = 'a string'): string {
  if (typeof v === 'string') return v;
  return fail(`${name}() expects ${what}, got ${typeName(v)}`);
}

/** Compiles an RE2 pattern (linear-time matching), throwing BuiltinFailure when RE2 refuses it. */
export function compileRe2(pattern: string): Re2Pattern {
  const c = compileRe2Pattern(pattern);
  if (!c.ok) return fail(c.message);
  return c.pattern;
}

export type BuiltinImpl = (...args: unknown[]) => unknown;

export const BUILTIN_IMPLEMENTATIONS: Readonly<Record<string, BuiltinImpl>> = {
  size(v) {
    if (typeof v === 'string') return codePointLength(v);
    if (Array.isArray(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    return fail(`size() expects a string, list or map, got ${typeName(v)}`);
  },
  contains(s, sub) {
    return str('contains', s).includes(str('contains', sub, 'a string argument'));
  },
  startsWith(s, prefix) {
    return str('startsWith', s).startsWith(str('startsWith', prefix, 'a string argument'));
  },
  endsWith(s, suffix) {
    return str('endsWith', s).endsWith(str('endsWith', suffix, 'a string argument'));
  },
  matches(s, pattern) {
    const text = str('matches', s);
    // compiled code does not come here: compile.ts compiles the pattern once per call site
    return compileRe2(str('matches', pattern, 'a string pattern')).test(text);
  },
  split(s, separator) {
    const sep = str('split', separator, 'a string separator');
    // An empty separator would split into UTF-16 units in JavaScript, where CEL splits code points.
    if (sep === '') throw new Error('split() needs a non-empty separator');
    return str('split', s).split(sep);
  },
  lowerAscii(s) {
    return str('lowerAscii', s).replace(/[A-Z]+/g, (m) => m.toLowerCase());
  },
  upperAscii(s) {
    return str('upperAscii', s).replace(/[a-z]+/g, (m) => m.toUpperCase());
  },
  trim(s) {
    return str('trim', s).trim();
  },
  int(v) {
    if (typeof v === 'number') return Math.trunc(v) || 0; // `|| 0`: never -0
    if (typeof v === 'string') {
      if (!isNumericString(v)) return fail(`int() cannot convert "${v}" to a number`);
      return Math.trunc(Number(v)) || 0;
    }
    return fail(`int() expects a number or a numeric string, got ${typeName(v)}`);
  },
  double(v) {
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      if (!isNumericString(v)) return fail(`double() cannot convert "${v}" to a number`);
      return Number(v);
    }
    return fail(`double() expects a number or a numeric string, got ${typeName(v)}`);
  },
  string(v) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
    if (typeof v === 'object') return JSON.stringify(v);
    return fail(`string() cannot convert ${typeName(v)}`);
  },
  bool(v) {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      const b = parseBoolString(v);
      if (b === undefined) return fail(`bool() cannot convert "${v}" to a boolean`);
      return b;
    }
    return fail(`bool() expects a boolean or a string, got ${typeName(v)}`);
  },
  abs(v) {
    return Math.abs(num('abs', v));
  },
  floor(v) {
    return Math.floor(num('floor', v));
  },
  ceil(v) {
    return Math.ceil(num('ceil', v)) || 0; // never -0
  },
  round(v) {
    const x = num('round', v);
    return (x < 0 ? -Math.round(-x) : Math.round(x)) || 0; // halves away from zero, like CEL's math.round
  },
  min(...args) {
    let m = num('min', args[0]);
    for (let i = 1; i < args.length; i++) {
      m = Math.min(m, num('min', args[i]));
    }
    return m;
  },
  max(...args) {
    let m = num('max', args[0]);
    for (let i = 1; i < args.length; i++) {
      m = Math.max(m, num('max', args[i]));
    }
    return m;
  },
  timestamp(v) {
    const t = parseTimestamp(str('timestamp', v));
    if (t === null)
      return fail(`timestamp() cannot parse "${v}" (expected ISO-8601, e.g. "2024-05-01T12:00:00Z")`);
    return t;
  },
  duration(v) {
    const d = parseDuration(str('duration', v));
    if (d === null) return fail(`duration() cannot parse "${v}" (expected e.g. "5s", "1m30s", "250ms")`);
    return d;
  },
};
