/**
 * RE2 patterns for CEL's matches(), on re2js (RE2 ported to plain JS): matching takes time linear in
 * the text whatever the pattern, so no event can stall a run, and the same engine runs in the
 * server, the command line and the browser. A JS RegExp backtracks: `(a+)+$` over 34 characters took
 * over a minute. Used by the checker (edit time) and the engine (run time).
 */
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/** A compiled pattern; test() is RE2's PartialMatch: a match anywhere in the text. */
export interface Re2Pattern {
  test(text: string): boolean;
}

export type CompiledRe2 = { ok: true; pattern: Re2Pattern } | { ok: false; message: string };

/** Compiles an RE2 pattern; a pattern RE2 refuses gives a message instead of a throw. */
export function compileRe2Pattern(source: string): CompiledRe2 {
  try {
    return { ok: true, pattern: RE2JS.compile(source) };
  } catch (err) {
    if (err instanceof RE2JSSyntaxException) return { ok: false, message: syntaxMessage(err) };
    if (err instanceof RE2JSException)
      return { ok: false, message: `invalid regular expression: ${err.message}` };
    throw err;
  }
}

/** RE2's own words, except for the two refusals people coming from JS or PCRE meet most. */
function syntaxMessage(err: RE2JSSyntaxException): string {
  const at = err.input ?? '';
  if (err.error === 'invalid escape sequence' && /^\\([1-9]|k)/.test(at))
    return 'backreferences are not supported (RE2)';
  if (/^\(\?(=|!|<=|<!)/.test(at)) return 'lookaround assertions are not supported (RE2)';
  return `invalid regular expression: ${err.error}${at ? `: \`${at}\`` : ''}`;
}
