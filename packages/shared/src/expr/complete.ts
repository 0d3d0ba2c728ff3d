/**
 * Autocomplete for the expression editor: the names that fit the identifier being typed at the cursor.
 * Works on incomplete source (it does not need a successful parse).
 */
import type { ExprScope } from './check.js';
import type { FieldType } from './field-schema.js';
import { BUILTIN_FUNCTIONS, BUILTIN_MACROS, formatOverload } from './functions.js';

export type ExprCompletionKind = 'local' | 'variable' | 'field' | 'function' | 'method' | 'macro' | 'keyword';

export type ExprCompletion = {
  label: string;
  kind: ExprCompletionKind;
  /** short description: the type of a field/variable, the signature of a function */
  detail: string;
  type?: FieldType;
};

/** `options` replace the text between `from` and `to` (the identifier prefix before the cursor). */
export type ExprCompletions = { from: number; to: number; options: ExprCompletion[] };

const KIND_ORDER: Record<ExprCompletionKind, number> = {
  local: 0,
  variable: 1,
  field: 2,
  function: 3,
  method: 3,
  macro: 4,
  keyword: 5,
};

const isIdentChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

export function completionsAt(src: string, cursor: number, scope: ExprScope): ExprCompletions {
  const at = Math.max(0, Math.min(cursor, src.length));
  let from = at;
  while (from > 0 && isIdentChar(src[from - 1])) from--;
  const none: ExprCompletions = { from, to: at, options: [] };
  const prefix = src.slice(from, at);
  if (/^[0-9]/.test(prefix) || inStringOrComment(src, from)) return none;

  let before = from - 1;
  while (before >= 0 && /\s/.test(src[before]!)) before--;
  const member = src[before] === '.' && !/[0-9]/.test(src[before - 1] ?? '') ? true : src[before] === '.';
  if (member && /[0-9]/.test(src[before - 1] ?? '') && !isIdentBefore(src, before - 1)) return none; // `1.5`

  const options: ExprCompletion[] = [];
  const seen = new Set<string>();
  const add = (c: ExprCompletion) => {
    if (seen.has(c.label) || !c.label.toLowerCase().startsWith(prefix.toLowerCase())) return;
    seen.add(c.label);
    options.push(c);
  };

  if (member) {
    for (const f of BUILTIN_FUNCTIONS) {
      const o = f.overloads.find((x) => x.receiver !== undefined);
      if (o) add({ label: f.name, kind: 'method', detail: formatOverload(f.name, o), type: o.result });
    }
    for (const m of BUILTIN_MACROS) {
      if (m.form === 'method') add({ label: m.name, kind: 'macro', detail: m.usage, type: m.result });
    }
  } else {
    for (const name of comprehensionVariablesAt(src, from))
      add({ label: name, kind: 'local', detail: 'element' });
    for (const [name, type] of Object.entries(scope.variables ?? {}))
      add({ label: name, kind: 'variable', detail: type, type });
    for (const [name, type] of Object.entries(scope.fields.fields))
      add({ label: name, kind: 'field', detail: type, type });
    for (const f of BUILTIN_FUNCTIONS) {
      const o = f.overloads.find((x) => x.receiver === undefined);
      if (o) add({ label: f.name, kind: 'function', detail: formatOverload(f.name, o), type: o.result });
    }
    for (const m of BUILTIN_MACROS) {
      if (m.form === 'global') add({ label: m.name, kind: 'macro', detail: m.usage, type: m.result });
    }
    add({ label: 'true', kind: 'keyword', detail: 'boolean', type: 'boolean' });
    add({ label: 'false', kind: 'keyword', detail: 'boolean', type: 'boolean' });
    add({ label: 'null', kind: 'keyword', detail: 'null', type: 'null' });
  }
  options.sort((a, b) => {
    // names that match the prefix with its exact case first, then by kind, then alphabetically
    const ca = a.label.startsWith(prefix) ? 0 : 1;
    const cb = b.label.startsWith(prefix) ? 0 : 1;
    return ca - cb || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.label.localeCompare(b.label);
  });
  return { from, to: at, options };
}

function isIdentBefore(src: string, i: number): boolean {
  // true when the digits ending at i belong to an identifier (e.g. `x1.`), false for a number (`1.`)
  let j = i;
  while (j >= 0 && isIdentChar(src[j])) j--;
  return !/[0-9]/.test(src[j + 1] ?? '');
}

/** Whether offset `pos` lies inside a string literal or a `//` comment. */
function inStringOrComment(src: string, pos: number): boolean {
  let i = 0;
  while (i < pos) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') {
      const nl = src.indexOf('\n', i);
      if (nl < 0 || nl >= pos) return true;
      i = nl + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const raw = i > 0 && (src[i - 1] === 'r' || src[i - 1] === 'R') && !isIdentChar(src[i - 2]);
      const triple = src[i + 1] === c && src[i + 2] === c;
      const delim = triple ? c.repeat(3) : c;
      let j = i + delim.length;
      while (j < src.length && !src.startsWith(delim, j)) {
        if (!triple && (src[j] === '\n' || src[j] === '\r')) break;
        j += src[j] === '\\' && !raw ? 2 : 1;
      }
      if (j >= pos) return true;
      i = j + (src.startsWith(delim, j) ? delim.length : 0);
      continue;
    }
    i++;
  }
  return false;
}

const COMPREHENSION = /\.\s*(?:all|exists_one|exists|map|filter)\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,/g;

/** Variables of the comprehensions whose parenthesis is still open at `pos`, innermost first. */
function comprehensionVariablesAt(src: string, pos: number): string[] {
  const head = src.slice(0, pos);
  const names: string[] = [];
  for (const m of head.matchAll(COMPREHENSION)) {
    let depth = 0;
    let closed = false;
    for (let i = (m.index ?? 0) + m[0].length; i < pos; i++) {
      const c = head[i];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (--depth < 0) {
          closed = true;
          break;
        }
      }
    }
    if (!closed) names.unshift(m[1]!);
  }
  return names;
}
