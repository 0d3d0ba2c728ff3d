/**
 * Static checking of expressions against the fields known on an edge: unknown names (with a "did you
 * mean"), unknown functions and wrong arity, and the type errors that are certain when both sides are
 * known. Unknown ('any') types never produce an error: the checker is permissive where it cannot know.
 * Errors are collected (not just the first) and each points at the offending sub-expression.
 */
import type { ExprAst, ExprError, IdentNode, SelectNode } from './ast.js';
import type { FieldSchema, FieldType } from './field-schema.js';
import { parseDuration, parseTimestamp } from './formats.js';
import {
  BUILTIN_FUNCTIONS,
  type BuiltinOverload,
  findBuiltin,
  findMacro,
  formatArgType,
  typeFits,
  UNAVAILABLE_FUNCTIONS,
} from './functions.js';
import { exprSourceText, parseExpression } from './parse.js';
import { compileRe2Pattern } from './re2.js';
import { closestName } from './suggest.js';

export type ExprScope = {
  fields: FieldSchema;
  /** Names bound besides the event's fields, e.g. CEP step names bound to 'list'. They win over fields. */
  variables?: Record<string, FieldType>;
};

export type ExprCheckOptions = {
  /** When the result type is known and differs, an error is added (e.g. 'boolean' for a filter). */
  expectType?: FieldType;
};

export type ExprCheckResult = {
  ok: boolean;
  type: FieldType;
  errors: ExprError[];
  /** Fields and variables the expression refers to (not comprehension variables), in order of appearance. */
  identifiers: string[];
};

/** Parses and checks an expression. Never throws. */
export function checkExpression(
  src: string,
  scope: ExprScope,
  options: ExprCheckOptions = {},
): ExprCheckResult {
  const parsed = parseExpression(src);
  if (!parsed.ok) return { ok: false, type: 'any', errors: [parsed.error], identifiers: [] };
  return checkAst(parsed.ast, src, scope, options);
}

/** Checks an already parsed expression (`src` is its source, used in messages). Never throws. */
export function checkAst(
  ast: ExprAst,
  src: string,
  scope: ExprScope,
  options: ExprCheckOptions = {},
): ExprCheckResult {
  const checker = new Checker(src, scope);
  let type: FieldType;
  try {
    type = checker.check(ast, null);
  } catch (err) {
    const message =
      err instanceof RangeError ? 'expression is nested too deeply' : `internal checker error: ${err}`;
    return { ok: false, type: 'any', errors: [{ message, start: 0, end: src.length }], identifiers: [] };
  }
  const expect = options.expectType;
  if (expect !== undefined && expect !== 'any' && type !== 'any' && type !== expect) {
    checker.errors.push({
      message: `expected ${article(expect)} result, but the expression gives ${article(type)}`,
      start: ast.start,
      end: ast.end,
    });
  }
  return {
    ok: checker.errors.length === 0,
    type,
    errors: checker.errors,
    identifiers: [...checker.identifiers],
  };
}

function article(t: FieldType): string {
  if (t === 'any') return 'any value';
  if (t === 'null') return 'null';
  return `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`;
}

interface Locals {
  name: string;
  type: FieldType;
  parent: Locals | null;
}

const MAX_KNOWN_LISTED = 20;

class Checker {
  readonly errors: ExprError[] = [];
  readonly identifiers = new Set<string>();

  constructor(
    private readonly src: string,
    private readonly scope: ExprScope,
  ) {}

  private error(message: string, node: { start: number; end: number }, suggestion?: string): void {
    const e: ExprError = { message, start: node.start, end: node.end };
    if (suggestion !== undefined) e.suggestion = suggestion;
    this.errors.push(e);
  }

  private text(node: { start: number; end: number }): string {
    return exprSourceText(this.src, node);
  }

  check(node: ExprAst, locals: Locals | null): FieldType {
    switch (node.kind) {
      case 'literal': {
        const v = node.value;
        return v === null
          ? 'null'
          : typeof v === 'number'
            ? 'number'
            : typeof v === 'string'
              ? 'string'
              : 'boolean';
      }
      case 'ident':
        return this.ident(node, locals);
      case 'select': {
        const t = this.check(node.object, locals);
        if (t !== 'map' && t !== 'any') {
          this.error(`cannot read field "${node.field}" of ${article(t)} (${this.text(node.object)})`, node);
        }
        return 'any';
      }
      case 'index': {
        const t = this.check(node.object, locals);
        const i = this.check(node.index, locals);
        if (t === 'list') {
          if (i !== 'number' && i !== 'any')
            this.error(`a list index must be a number, got ${article(i)}`, node.index);
        } else if (t === 'map') {
          if (i !== 'string' && i !== 'number' && i !== 'any') {
            this.error(`a map key must be a string, got ${article(i)}`, node.index);
          }
        } else if (t !== 'any') {
          this.error(`cannot index ${article(t)} (${this.text(node.object)})`, node);
        }
        return 'any';
      }
      case 'unary': {
        const t = this.check(node.operand, locals);
        if (node.op === '!') {
          if (t !== 'boolean' && t !== 'any') this.error(`'!' needs a boolean, got ${article(t)}`, node);
          return 'boolean';
        }
        if (t !== 'number' && t !== 'any') this.error(`'-' needs a number, got ${article(t)}`, node);
        return 'number';
      }
      case 'binary':
        return this.binary(node, this.check(node.left, locals), this.check(node.right, locals));
      case 'logical': {
        for (const side of [node.left, node.right]) {
          const t = this.check(side, locals);
          if (t !== 'boolean' && t !== 'any')
            this.error(`'${node.op}' needs boolean operands, got ${article(t)}`, side);
        }
        return 'boolean';
      }
      case 'conditional': {
        const c = this.check(node.test, locals);
        if (c !== 'boolean' && c !== 'any')
          this.error(`the condition of '?:' must be a boolean, got ${article(c)}`, node.test);
        const a = this.check(node.consequent, locals);
        const b = this.check(node.alternate, locals);
        return a === b ? a : 'any';
      }
      case 'list':
        for (const item of node.items) this.check(item, locals);
        return 'list';
      case 'map':
        for (const { key, value } of node.entries) {
          const k = this.check(key, locals);
          if (k !== 'string' && k !== 'number' && k !== 'boolean' && k !== 'any') {
            this.error(`a map key must be a string, number or boolean, got ${article(k)}`, key);
          }
          this.check(value, locals);
        }
        return 'map';
      case 'has':
        return this.has(node.operand, locals);
      case 'comprehension': {
        const r = this.check(node.range, locals);
        if (r !== 'list' && r !== 'map' && r !== 'any') {
          this.error(`${node.macro}() needs a list or a map, got ${article(r)}`, node.range);
        }
        const inner: Locals = { name: node.variable, type: 'any', parent: locals };
        if (node.filter) {
          const f = this.check(node.filter, inner);
          if (f !== 'boolean' && f !== 'any')
            this.error(`the filter of map() must be a boolean, got ${article(f)}`, node.filter);
        }
        const b = this.check(node.body, inner);
        if (node.macro === 'map') return 'list';
        if (b !== 'boolean' && b !== 'any') {
          this.error(`the predicate of ${node.macro}() must be a boolean, got ${article(b)}`, node.body);
        }
        return node.macro === 'filter' ? 'list' : 'boolean';
      }
      case 'call':
        return this.call(node, locals);
    }
  }

  private ident(node: IdentNode, locals: Locals | null): FieldType {
    const name = node.name;
    for (let l = locals; l; l = l.parent) if (l.name === name) return l.type;
    this.identifiers.add(name);
    const vars = this.scope.variables;
    if (vars && Object.hasOwn(vars, name)) return vars[name]!;
    const fields = this.scope.fields;
    if (Object.hasOwn(fields.fields, name)) return fields.fields[name]!;
    if (fields.open) return 'any';

    const localNames: string[] = [];
    for (let l = locals; l; l = l.parent) localNames.push(l.name);
    const fieldNames = Object.keys(fields.fields).sort();
    const varNames = vars ? Object.keys(vars).sort() : [];
    const suggestion = closestName(name, [...localNames, ...varNames, ...fieldNames]);
    const list = (names: string[]) =>
      names.length === 0
        ? 'none'
        : names.length > MAX_KNOWN_LISTED
          ? `${names.slice(0, MAX_KNOWN_LISTED).join(', ')}, …`
          : names.join(', ');
    let message =
      varNames.length > 0
        ? `unknown name "${name}" (fields: ${list(fieldNames)}; variables: ${list(varNames)})`
        : `unknown field "${name}" (known: ${list(fieldNames)})`;
    if (suggestion !== undefined) message += `; did you mean "${suggestion}"?`;
    else if (findBuiltin(name) || findMacro(name))
      message += `; ${name} is a function, call it as ${name}(...)`;
    this.error(message, node, suggestion);
    return 'any';
  }

  private has(operand: SelectNode | IdentNode, locals: Locals | null): FieldType {
    if (operand.kind === 'select') {
      const t = this.check(operand.object, locals);
      if (t !== 'map' && t !== 'any')
        this.error(`has() needs a map, but ${this.text(operand.object)} is ${article(t)}`, operand.object);
    } else {
      this.ident(operand, locals);
    }
    return 'boolean';
  }

  private binary(node: Extract<ExprAst, { kind: 'binary' }>, l: FieldType, r: FieldType): FieldType {
    const op = node.op;
    switch (op) {
      case '+': {
        if (l === 'any' || r === 'any') {
          const known = l === 'any' ? r : l;
          if (known !== 'any' && known !== 'number' && known !== 'string' && known !== 'list') {
            this.error(`cannot apply '+' to ${article(known)}`, node);
            return 'any';
          }
          return known;
        }
        if (l === r && (l === 'number' || l === 'string' || l === 'list')) return l;
        this.error(`cannot apply '+' to ${article(l)} and ${article(r)}`, node);
        return 'any';
      }
      case '-':
      case '*':
      case '/':
      case '%':
        if ((l !== 'number' && l !== 'any') || (r !== 'number' && r !== 'any')) {
          this.error(`cannot apply '${op}' to ${article(l)} and ${article(r)} (numbers only)`, node);
        }
        return 'number';
      case '==':
      case '!=':
        if (l !== 'any' && r !== 'any' && l !== 'null' && r !== 'null' && l !== r) {
          this.error(
            `comparing ${article(l)} with ${article(r)} is always ${op === '==' ? 'false' : 'true'}`,
            node,
          );
        }
        return 'boolean';
      case '<':
      case '<=':
      case '>':
      case '>=': {
        for (const t of [l, r]) {
          if (t !== 'any' && t !== 'number' && t !== 'string' && t !== 'boolean') {
            this.error(`cannot order ${article(t)} with '${op}'`, node);
            return 'boolean';
          }
        }
        if (l !== 'any' && r !== 'any' && l !== r)
          this.error(`cannot compare ${article(l)} with ${article(r)}`, node);
        return 'boolean';
      }
      case 'in':
        if (r !== 'list' && r !== 'map' && r !== 'any') {
          this.error(`'in' needs a list or a map on its right, got ${article(r)}`, node.right);
        }
        return 'boolean';
    }
  }

  private call(node: Extract<ExprAst, { kind: 'call' }>, locals: Locals | null): FieldType {
    const name = node.name;
    const nameSpan = { start: node.nameStart, end: node.nameEnd };
    const receiverType = node.target ? this.check(node.target, locals) : null;
    const argTypes = node.args.map((a) => this.check(a, locals));

    const unavailable = Object.hasOwn(UNAVAILABLE_FUNCTIONS, name) ? UNAVAILABLE_FUNCTIONS[name] : undefined;
    if (unavailable !== undefined) {
      this.error(unavailable, nameSpan);
      return 'any';
    }
    const macro = findMacro(name);
    if (macro) {
      const wrongForm = (macro.form === 'method') !== (node.target !== null);
      const message = wrongForm
        ? `${name}() is used as ${macro.usage}`
        : `${name}() takes ${macro.arities.join(' or ')} argument${macro.arities.at(-1) === 1 ? '' : 's'}: ${macro.usage}`;
      this.error(message, node);
      return macro.result;
    }
    const fn = findBuiltin(name);
    if (!fn) {
      const candidates = BUILTIN_FUNCTIONS.filter((f) =>
        f.overloads.some((o) => (o.receiver !== undefined) === (node.target !== null)),
      ).map((f) => f.name);
      const suggestion = closestName(name, candidates);
      const what = node.target ? 'method' : 'function';
      this.error(
        `unknown ${what} "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        nameSpan,
        suggestion,
      );
      return 'any';
    }
    const forms = fn.overloads.filter((o) => (o.receiver !== undefined) === (node.target !== null));
    if (forms.length === 0) {
      const o = fn.overloads[0]!;
      this.error(
        o.receiver !== undefined
          ? `${name}() is a method: call it as x.${name}(${o.args.map(formatArgType).join(', ')})`
          : `${name}() is not a method: call it as ${name}(${node.target ? this.text(node.target) : 'x'}${o.args.length > 1 ? ', ...' : ''})`,
        nameSpan,
      );
      return fn.overloads[0]!.result;
    }
    const n = node.args.length;
    const arityOk = (o: BuiltinOverload) => (o.rest ? n >= o.args.length : n === o.args.length);
    const candidates = forms.filter(arityOk);
    if (candidates.length === 0) {
      const o = forms[0]!;
      const count = o.rest ? `at least ${o.args.length}` : `${o.args.length}`;
      this.error(
        `${name}() takes ${count} argument${o.args.length === 1 && !o.rest ? '' : 's'}, got ${n}`,
        node,
      );
      return o.result;
    }
    const fits = (o: BuiltinOverload) =>
      (o.receiver === undefined || receiverType === null || typeFits(receiverType, o.receiver)) &&
      argTypes.every((t, i) => typeFits(t, o.args[i] ?? o.rest ?? 'any'));
    const match = candidates.find(fits);
    if (!match) {
      const o = candidates[0]!;
      if (
        o.receiver !== undefined &&
        receiverType !== null &&
        !typeFits(receiverType, o.receiver) &&
        node.target
      ) {
        this.error(
          `${name}() must be called on ${formatArgType(o.receiver)}, got ${article(receiverType)}`,
          node.target,
        );
      } else {
        argTypes.forEach((t, i) => {
          const want = o.args[i] ?? o.rest ?? 'any';
          if (!typeFits(t, want))
            this.error(`${name}() expects ${formatArgType(want)}, got ${article(t)}`, node.args[i]!);
        });
      }
      return o.result;
    }
    this.checkLiteralArguments(node);
    return match.result;
  }

  /** Literal arguments whose format is known can be validated now instead of failing on every event. */
  private checkLiteralArguments(node: Extract<ExprAst, { kind: 'call' }>): void {
    const all = node.target ? [node.target, ...node.args] : node.args;
    const lit = (i: number): string | undefined => {
      const a = all[i];
      return a?.kind === 'literal' && typeof a.value === 'string' ? a.value : undefined;
    };
    switch (node.name) {
      case 'matches': {
        const p = lit(1);
        if (p === undefined) return;
        const r = compileRe2Pattern(p);
        if (!r.ok) this.error(r.message, all[1]!);
        return;
      }
      case 'timestamp': {
        const s = lit(0);
        if (s !== undefined && parseTimestamp(s) === null) {
          this.error(`invalid timestamp "${s}" (expected ISO-8601, e.g. "2024-05-01T12:00:00Z")`, all[0]!);
        }
        return;
      }
      case 'duration': {
        const s = lit(0);
        if (s !== undefined && parseDuration(s) === null) {
          this.error(`invalid duration "${s}" (expected e.g. "5s", "1m30s", "250ms")`, all[0]!);
        }
        return;
      }
      case 'int':
      case 'double': {
        const s = lit(0);
        if (s !== undefined && !isNumericString(s)) this.error(`"${s}" is not a number`, all[0]!);
        return;
      }
      case 'bool': {
        const s = lit(0);
        if (s !== undefined && parseBoolString(s) === undefined)
          this.error(`"${s}" is not a boolean`, all[0]!);
        return;
      }
    }
  }
}

/** Whether int()/double() accept the string: a finite decimal number (JS Number syntax, not blank). */
export function isNumericString(s: string): boolean {
  return s.trim() !== '' && Number.isFinite(Number(s));
}

const BOOL_STRINGS: Record<string, boolean> = {
  true: true,
  TRUE: true,
  True: true,
  t: true,
  '1': true,
  false: false,
  FALSE: false,
  False: false,
  f: false,
  '0': false,
};

/** The strings bool() accepts (CEL's set); undefined for anything else. */
export function parseBoolString(s: string): boolean | undefined {
  return Object.hasOwn(BOOL_STRINGS, s) ? BOOL_STRINGS[s] : undefined;
}
