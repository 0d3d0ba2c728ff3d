import { type ExprAst, type FieldType, parseExpression } from '@eventide/shared';
import { ident, num, str } from './sql-text.js';
import type { Column } from './types.js';

/** Where an expression is translated: the columns in scope, how to qualify them, CEP step variables. */
export interface ExprScope {
  columns: Column[];
  /** Prefix for column references, e.g. "L." in a join; "" for a plain SELECT. */
  qualifier?: string;
  /** CEP: step names in scope (their events are reached as step[0].field, size(step)); the pattern variable of step x is s_x. */
  steps?: string[];
  /**
   * Columns written out as their defining SQL instead of named: a computed column of a table cannot
   * name another one (datagen's preset fields, which its rowtime is computed from).
   */
  inline?: Record<string, string>;
}

/** `whole`: a whole number as a BIGINT in SQL (an int() result or an integer literal). */
export type SqlExpr = { sql: string; type: FieldType; whole?: boolean };
export type ExprTranslation =
  | { ok: true; expr: SqlExpr; warnings: string[] }
  | { ok: false; message: string; start: number; end: number };

class Untranslatable extends Error {
  constructor(
    message: string,
    readonly at: { start: number; end: number },
  ) {
    super(message);
  }
}

/**
 * Translates a CEL expression to a Flink SQL expression, for the subset whose meaning is the same in
 * both: arithmetic (+ - * /), comparison, logic, conditionals, string functions, has(), field access
 * and CEP step access. Anything else is refused with the offending sub-expression's position.
 */
export function translateExpr(source: string, scope: ExprScope): ExprTranslation {
  const parsed = parseExpression(source);
  if (!parsed.ok) return { ok: false, ...parsed.error };
  try {
    const translator = new Translator(scope);
    const expr = translator.tr(parsed.ast);
    return { ok: true, expr, warnings: [...translator.warnings] };
  } catch (e) {
    if (e instanceof Untranslatable) return { ok: false, message: e.message, ...e.at };
    throw e;
  }
}

const COMPARE: Record<string, string> = { '==': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

class Translator {
  /** Documented differences of what was translated, for the caller to show as warnings. */
  readonly warnings = new Set<string>();

  constructor(private readonly scope: ExprScope) {}

  private column(name: string, at: ExprAst): SqlExpr {
    const col = this.scope.columns.find((c) => c.name === name);
    if (!col)
      throw new Untranslatable(
        `field "${name}" is not a column of the Flink table (only declared fields of number, string or boolean type are)`,
        at,
      );
    const inline = this.scope.inline?.[name];
    if (inline !== undefined) return { sql: `(${inline})`, type: col.type };
    return { sql: `${this.scope.qualifier ?? ''}${ident(name)}`, type: col.type };
  }

  tr(n: ExprAst): SqlExpr {
    switch (n.kind) {
      case 'literal':
        if (n.value === null) return { sql: 'NULL', type: 'null' };
        if (typeof n.value === 'number')
          return { sql: num(n.value), type: 'number', whole: Number.isSafeInteger(n.value) };
        if (typeof n.value === 'boolean') return { sql: n.value ? 'TRUE' : 'FALSE', type: 'boolean' };
        return { sql: str(n.value), type: 'string' };
      case 'ident':
        if (this.scope.steps?.includes(n.name))
          throw new Untranslatable(
            `step "${n.name}" is a list of events: use ${n.name}[i].field or size(${n.name})`,
            n,
          );
        return this.column(n.name, n);
      case 'select':
        return this.select(n);
      case 'unary': {
        const operand = this.tr(n.operand);
        return n.op === '!'
          ? { sql: `NOT ${this.paren(operand)}`, type: 'boolean' }
          : { sql: `-${this.paren(operand)}`, type: 'number' };
      }
      case 'binary':
        return this.binary(n);
      case 'logical': {
        const op = n.op === '&&' ? 'AND' : 'OR';
        return {
          sql: `${this.paren(this.tr(n.left))} ${op} ${this.paren(this.tr(n.right))}`,
          type: 'boolean',
        };
      }
      case 'conditional': {
        const a = this.tr(n.consequent);
        const b = this.tr(n.alternate);
        return {
          sql: `CASE WHEN ${this.tr(n.test).sql} THEN ${a.sql} ELSE ${b.sql} END`,
          type: a.type === b.type ? a.type : 'any',
        };
      }
      case 'has': {
        if (n.operand.kind !== 'ident')
          throw new Untranslatable('has() on a nested field: nested objects are not Flink columns', n);
        // A JSON field that is absent reads as NULL in Flink: has(f) becomes "f IS NOT NULL".
        return { sql: `${this.column(n.operand.name, n).sql} IS NOT NULL`, type: 'boolean' };
      }
      case 'call':
        return this.call(n);
      case 'index':
        return this.splitIndex(n);
      default:
        throw new Untranslatable(`${describe(n)} has no Flink SQL translation`, n);
    }
  }

  private paren(e: SqlExpr): string {
    return e.sql.includes(' ') ? `(${e.sql})` : e.sql;
  }

  /**
   * s.split(sep)[i] with a literal separator and a whole literal i: SPLIT_INDEX(s, sep, i), the same
   * part (both keep empty parts). Past the last part Eventide fails the event and Flink gives NULL:
   * a warning says so. Other indexing has no column form.
   */
  private splitIndex(n: Extract<ExprAst, { kind: 'index' }>): SqlExpr {
    const call = n.object;
    const i = n.index;
    const sep = call.kind === 'call' ? call.args[0] : undefined;
    if (
      call.kind !== 'call' ||
      call.name !== 'split' ||
      !call.target ||
      sep?.kind !== 'literal' ||
      typeof sep.value !== 'string' ||
      sep.value === '' ||
      i.kind !== 'literal' ||
      typeof i.value !== 'number' ||
      !Number.isSafeInteger(i.value) ||
      i.value < 0
    )
      throw new Untranslatable(
        'indexing has no Flink SQL translation (but s.split("sep")[i] with literals does)',
        n,
      );
    const target = this.tr(call.target);
    if (target.type !== 'string') throw new Untranslatable('split() of a non-string is not translated', n);
    this.warnings.add(
      'split("…")[i] past the last part fails the event in Eventide (an error) and is NULL in Flink (SPLIT_INDEX)',
    );
    return { sql: `SPLIT_INDEX(${target.sql}, ${str(sep.value)}, ${i.value})`, type: 'string' };
  }

  /** step[i].field inside a CEP pattern: FIRST(step.field, i), the i-th event of the step. */
  private select(n: Extract<ExprAst, { kind: 'select' }>): SqlExpr {
    const obj = n.object;
    if (obj.kind === 'index' && obj.object.kind === 'ident' && this.scope.steps?.includes(obj.object.name)) {
      const i = obj.index;
      if (i.kind !== 'literal' || typeof i.value !== 'number' || !Number.isInteger(i.value) || i.value < 0)
        throw new Untranslatable('a step index must be a whole number literal', i);
      const col = this.column(n.field, n);
      const ref = `s_${obj.object.name}.${ident(n.field)}`;
      return { sql: i.value === 0 ? `FIRST(${ref})` : `FIRST(${ref}, ${i.value})`, type: col.type };
    }
    throw new Untranslatable('nested field access: nested objects are not Flink columns', n);
  }

  private binary(n: Extract<ExprAst, { kind: 'binary' }>): SqlExpr {
    if (n.op === 'in') {
      if (n.right.kind !== 'list')
        throw new Untranslatable('"in" needs a list literal on its right', n.right);
      const items = n.right.items.map((i) => this.tr(i).sql);
      return { sql: `${this.paren(this.tr(n.left))} IN (${items.join(', ')})`, type: 'boolean' };
    }
    const l = this.tr(n.left);
    const r = this.tr(n.right);
    if (n.op === '%') {
      // Eventide's "%" is the remainder of doubles, Flink's MOD takes integers: equal (the sign of the
      // dividend in both) for a whole dividend and a non-zero whole divisor. A divisor of 0 is NaN in
      // Eventide and fails a Flink job, so it must be a literal.
      const divisor = n.right.kind === 'literal' && r.whole && n.right.value !== 0;
      if (!l.whole || !divisor)
        throw new Untranslatable(
          '"%" is the remainder of doubles in Eventide and Flink\'s MOD takes integers: write int(x) % n with a whole number n',
          n,
        );
      return { sql: `MOD(${l.sql}, ${r.sql})`, type: 'number', whole: true };
    }
    const cmp = COMPARE[n.op];
    if (cmp) {
      if (r.type === 'null' || l.type === 'null') {
        const other = r.type === 'null' ? l : r;
        return { sql: `${this.paren(other)} IS ${n.op === '==' ? '' : 'NOT '}NULL`, type: 'boolean' };
      }
      return { sql: `${this.paren(l)} ${cmp} ${this.paren(r)}`, type: 'boolean' };
    }
    if (n.op === '+' && (l.type === 'string' || r.type === 'string')) {
      if (l.type !== r.type) throw new Untranslatable('"+" of a string and a non-string', n);
      return { sql: `${this.paren(l)} || ${this.paren(r)}`, type: 'string' };
    }
    if (l.type !== 'number' || r.type !== 'number')
      throw new Untranslatable(`"${n.op}" needs two numbers here (found ${l.type} and ${r.type})`, n);
    // Eventide divides as doubles; a cast keeps Flink from dividing integers.
    if (n.op === '/') return { sql: `CAST(${l.sql} AS DOUBLE) / ${this.paren(r)}`, type: 'number' };
    return { sql: `${this.paren(l)} ${n.op} ${this.paren(r)}`, type: 'number' };
  }

  private call(n: Extract<ExprAst, { kind: 'call' }>): SqlExpr {
    const args = n.target ? [n.target, ...n.args] : n.args;
    const arg = (i: number) => this.tr(args[i] as ExprAst);
    switch (n.name) {
      case 'size': {
        const a = args[0];
        if (args.length === 1 && a?.kind === 'ident' && this.scope.steps?.includes(a.name))
          return { sql: `COUNT(s_${a.name}.\`rowtime\`)`, type: 'number' };
        const s = arg(0);
        if (s.type !== 'string')
          throw new Untranslatable('size() of a non-string has no Flink SQL column form', n);
        return { sql: `CHAR_LENGTH(${s.sql})`, type: 'number' };
      }
      case 'contains':
      case 'startsWith':
      case 'endsWith': {
        const s = arg(0);
        const needle = args[1];
        if (needle?.kind !== 'literal' || typeof needle.value !== 'string')
          throw new Untranslatable(`${n.name}() with a non-literal argument is not translated`, n);
        // "!" escapes: Flink reads a backslash literally, but other SQL tools treat it as an escape.
        const pattern = needle.value.replace(/[!%_]/g, (c) => `!${c}`);
        const like =
          n.name === 'contains' ? `%${pattern}%` : n.name === 'startsWith' ? `${pattern}%` : `%${pattern}`;
        return { sql: `${this.paren(s)} LIKE ${str(like)} ESCAPE '!'`, type: 'boolean' };
      }
      case 'lowerAscii':
        return { sql: `LOWER(${arg(0).sql})`, type: 'string' };
      case 'upperAscii':
        return { sql: `UPPER(${arg(0).sql})`, type: 'string' };
      case 'trim':
        return { sql: `TRIM(${arg(0).sql})`, type: 'string' };
      case 'abs':
        return { sql: `ABS(${arg(0).sql})`, type: 'number' };
      case 'floor':
        return { sql: `FLOOR(${arg(0).sql})`, type: 'number' };
      case 'ceil':
        return { sql: `CEIL(${arg(0).sql})`, type: 'number' };
      case 'double':
        return { sql: `CAST(${arg(0).sql} AS DOUBLE)`, type: 'number' };
      case 'int': {
        const a = arg(0);
        if (a.type !== 'number') throw new Untranslatable('int() of a non-number is not translated', n);
        // Both truncate toward zero.
        return { sql: `CAST(${a.sql} AS BIGINT)`, type: 'number', whole: true };
      }
      case 'string': {
        const a = arg(0);
        if (a.type === 'string') return a;
        throw new Untranslatable(
          'string() of a non-string: Flink formats numbers differently (2.0E0 vs 2)',
          n,
        );
      }
      case 'min':
      case 'max':
        if (args.length < 2) throw new Untranslatable(`${n.name}() of a list is not translated`, n);
        return {
          sql: `${n.name === 'min' ? 'LEAST' : 'GREATEST'}(${args.map((_, i) => arg(i).sql).join(', ')})`,
          type: 'number',
        };
      default:
        throw new Untranslatable(`${n.name}() has no Flink SQL translation`, n);
    }
  }
}

function describe(n: ExprAst): string {
  switch (n.kind) {
    case 'list':
      return 'a list literal';
    case 'map':
      return 'a map literal';
    case 'comprehension':
      return `the ${n.macro}() macro`;
    case 'index':
      return 'indexing';
    default:
      return n.kind;
  }
}
