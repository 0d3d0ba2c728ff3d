/**
 * Value formats shared by the checker (which validates literal arguments at edit time) and the
 * engine (which parses them at run time): durations, ISO-8601 timestamps and RE2 patterns.
 * Pure functions, no Node-only API.
 */

const DURATION_UNITS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000_001,
};
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ms|us|µs|ns|h|m|s)/y;

/**
 * Parses a CEL/Go duration ("5s", "1m30s", "250ms", "1.5h", "-2m", "100us") into milliseconds.
 * Returns null when the text is not a duration.
 */
export function parseDuration(text: string): number | null {
  let i = 0;
  let sign = 1;
  if (text[0] === '-' || text[0] === '+') {
    sign = text[0] === '-' ? -1 : 1;
    i = 1;
  }
  if (text.slice(i) === '0') return 0;
  if (i >= text.length) return null;
  let total = 0;
  while (i < text.length) {
    DURATION_PART.lastIndex = i;
    const m = DURATION_PART.exec(text);
    if (!m) return null;
    total += Number(m[1]) * (DURATION_UNITS[m[2]!] ?? Number.NaN);
    i = DURATION_PART.lastIndex;
  }
  return Number.isFinite(total) ? sign * total : null;
}

const ISO_TIMESTAMP =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Parses an ISO-8601 / RFC 3339 timestamp into epoch milliseconds (fractions below a millisecond are
 * truncated). A timestamp without an offset is read as UTC, never as the machine's local time, so that
 * results do not depend on where a pipeline runs. Returns null when the text is not a valid timestamp.
 */
export function parseTimestamp(text: string): number | null {
  const m = ISO_TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, does not map years 0-99 to 1900-1999
  d.setUTCHours(hour, minute, second, millis);
  const t = d.getTime() - offsetMinutes * 60_000;
  return Number.isFinite(t) ? t : null;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export type TranslatedRe2 = { ok: true; source: string; flags: string } | { ok: false; message: string };

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/**
 * Translates the RE2 syntax that CEL's matches() uses into a JS RegExp source. Supported: the syntax
 * RE2 and JS share, leading flag groups `(?i)` `(?s)` `(?m)`, `(?P<name>...)`, `\A`, `\z`, `\Q...\E`,
 * POSIX classes `[[:alpha:]]`. Refused with a message: what RE2 itself refuses (backreferences,
 * lookaround), inline flag groups other than at the start, `\C`, and ungreedy mode.
 * The result is used with test(): like RE2's PartialMatch, it matches anywhere in the string.
 */
export function translateRe2(pattern: string): TranslatedRe2 {
  let flags = '';
  let i = 0;
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'i' || f === 'm' || f === 's') {
        if (!flags.includes(f)) flags += f;
      } else return { ok: false, message: `unsupported regular expression flag "${f}"` };
    }
    i = lead[0].length;
  }
  let out = '';
  let inClass = false;
  let needsUnicode = false;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) return { ok: false, message: 'regular expression ends with a lone backslash' };
      if (n >= '1' && n <= '9' && !inClass)
        return { ok: false, message: 'backreferences are not supported (RE2)' };
      if (n === 'k' && pattern[i + 2] === '<')
        return { ok: false, message: 'backreferences are not supported (RE2)' };
      if (n === 'C') return { ok: false, message: '\\C is not supported' };
      if (n === 'A' && !inClass) {
        out += '(?<![\\s\\S])';
        i += 2;
        continue;
      }
      if (n === 'z' && !inClass) {
        out += '(?![\\s\\S])';
        i += 2;
        continue;
      }
      if (n === 'Q') {
        const endQ = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, endQ < 0 ? pattern.length : endQ);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = endQ < 0 ? pattern.length : endQ + 2;
        continue;
      }
      if (n === 'p' || n === 'P') needsUnicode = true;
      out += c + n;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const close = pattern.indexOf(':]', i + 2);
        const name = close < 0 ? '' : pattern.slice(i + 2, close);
        if (name.startsWith('^')) return { ok: false, message: 'negated POSIX classes are not supported' };
        const range = POSIX_CLASSES[name];
        if (range === undefined) return { ok: false, message: `unknown POSIX class "[:${name}:]"` };
        out += range;
        i = close + 2;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      // a ']' right after '[' or '[^' is a literal in RE2
      if (pattern[i] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 4;
        continue;
      }
      if (
        rest.startsWith(':') ||
        (rest.startsWith('<') && !rest.startsWith('<=') && !rest.startsWith('<!'))
      ) {
        out += '(?';
        i += 2;
        continue;
      }
      if (/^(=|!|<=|<!)/.test(rest))
        return { ok: false, message: 'lookaround assertions are not supported (RE2)' };
      return {
        ok: false,
        message: 'inline flag groups are only supported at the start of the pattern, e.g. (?i)',
      };
    }
    out += c;
    i++;
  }
  if (needsUnicode) flags += 'u';
  try {
    new RegExp(out, flags);
  } catch (err) {
    const msg = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    return { ok: false, message: `invalid regular expression: ${msg}` };
  }
  return { ok: true, source: out, flags };
}
