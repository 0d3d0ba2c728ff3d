/**
 * Compiles Eventide expressions (CEL, parsed by @eventide/shared with cel-js as the parser) into
 * nested JS closures with JSON-number semantics. Nothing is ever run as JavaScript source: there is
 * no eval and no `new Function`; the AST is turned into a tree of small closures.
 *
 * Semantics (see packages/shared/src/expr/parse.ts for the decision to not use cel-js's evaluator):
 * - Numbers are JS numbers; int literals too. `/` is float division, `%` the JS remainder.
 *   Division or remainder by zero is an EvaluationError (not Infinity/NaN, which JSON cannot carry
 *   and which would silently poison aggregates downstream).
 * - `+` adds numbers, concatenates strings or lists; mixing number and string is an error.
 * - `==`/`!=` are structural (lists element-wise, maps by keys and values); values of different
 *   types are simply unequal (1 == "1" is false, not an error). `<` etc. order numbers, strings and
 *   booleans of the same type; anything else is an error.
 * - Identifiers resolve to comprehension variables, then declared variables (CEP steps), then event
 *   fields. Reading a field the event lacks is an error (CEL's "no such key"), except inside has().
 * - `&&`, `||` and `?:` evaluate left to right and short-circuit (`has(a.b) && a.b > 1` is safe); an
 *   operand that is not a boolean is an error. Comprehensions stop at the first decisive element.
 * - `has(a.b)` tests presence of a key (a null value is present); Eventide also accepts `has(field)`
 *   for a top-level event field.
 * - The source is checked before compiling (permissively: fields are unknown here), so a type error
 *   that is certain from literals alone (`"a" - 1`, `1 == "1"`), an unknown function, a wrong arity or
 *   an invalid literal pattern/duration/timestamp is an ExpressionError at compile time.
 * - Constant sub-trees are folded at compile time; constant lists/maps are deep-frozen and shared
 *   between evaluations, so results must be treated as immutable (as events are). A constant
 *   sub-tree whose evaluation fails is not an error at compile time (it may be unreachable, as in
 *   `false && 1 / 0 > 1`); it fails when evaluated.
 */
import {
  checkAst,
  type ExprAst,
  type ExprNodeOf,
  exprSourceText,
  type FieldType,
  parseExpression,
  type Re2Pattern,
} from '@eventide/shared';
import { fieldRead, fieldSelect } from './access-sites.js';
import {
  type Budget,
  budgetMessage,
  MAX_EVALUATION_STEPS,
  newBudget,
  STEP_UNITS,
  valueUnits,
} from './budget.js';
import { BUILTIN_IMPLEMENTATIONS, BuiltinFailure, type BuiltinImpl, compileRe2 } from './builtins.js';
import { EvaluationError, ExpressionError } from './errors.js';
import { deepEqual, deepFreeze, INHERITED_KEYS, isMap, type JsonMap, mapKey, typeName } from './values.js';

export type CompiledExpression = (event: Record<string, unknown>, vars?: Record<string, unknown>) => unknown;

export type CompileOptions = {
  /** Names bound through the `vars` argument (e.g. CEP step names); they win over event fields. */
  variables?: readonly string[];
  /** The step budget of one evaluation (see budget.ts); MAX_EVALUATION_STEPS by default. */
  maxSteps?: number;
};

type Rec = Record<string, unknown>;
type Fn = (e: Rec, v: Rec | undefined) => unknown;

/** A compiled sub-expression plus what its parent may specialise on. */
interface Compiled {
  fn: Fn;
  constant: boolean;
  /** the value, when constant */
  value: unknown;
}

interface Scope {
  name: string;
  slot: number;
  parent: Scope | null;
}

const EMPTY: Rec = Object.freeze({});

/** Compiles an expression. Throws ExpressionError when the source is invalid. */
export function compileExpression(src: string, options: CompileOptions = {}): CompiledExpression {
  const { root } = compileRoot(src, options);
  if (root.constant) {
    const value = root.value;
    return () => value;
  }
  return root.fn as CompiledExpression;
}

/**
 * Compiles a condition (filter, CEP step, route): like compileExpression, but the result is checked to
 * be a boolean (an EvaluationError otherwise) and the source is rejected when it can never be one.
 */
export function compilePredicate(
  src: string,
  options: CompileOptions = {},
): (event: Record<string, unknown>, vars?: Record<string, unknown>) => boolean {
  const { root, type } = compileRoot(src, options, 'boolean');
  const fn = root.fn;
  const text = exprSourceText(src, { start: 0, end: src.length });
  if (root.constant) {
    const value = root.value;
    if (value === true || value === false) return () => value;
    return () => {
      throw new EvaluationError(`a condition must be a boolean, got ${typeName(value)}`, 0, src.length, text);
    };
  }
  // statically boolean (comparison, logic, has, exists...): the closures already guarantee it
  if (type === 'boolean') return fn as (e: Rec, v?: Rec) => boolean;
  return (e, v) => {
    const r = fn(e, v);
    if (r === true || r === false) return r;
    throw new EvaluationError(`a condition must be a boolean, got ${typeName(r)}`, 0, src.length, text);
  };
}

/** Parses, checks (permissively: unknown fields are fine) and compiles; shared by all entry points. */
export function compileRoot(
  src: string,
  options: CompileOptions,
  expectType?: FieldType,
): { root: Compiled; type: FieldType } {
  const parsed = parseExpression(src);
  if (!parsed.ok) throw new ExpressionError(src, [parsed.error]);
  const variables = options.variables ?? [];
  const checked = checkAst(
    parsed.ast,
    src,
    {
      fields: { fields: {}, open: true },
      variables: Object.fromEntries(variables.map((n) => [n, 'any' as const])),
    },
    expectType ? { expectType } : {},
  );
  if (!checked.ok) throw new ExpressionError(src, checked.errors);
  const budget = newBudget(options.maxSteps ?? MAX_EVALUATION_STEPS);
  const compiler = new Compiler(src, new Set(variables), budget);
  const root = compiler.compile(parsed.ast, null);
  if (!compiler.metered || root.constant) return { root, type: checked.type };
  // an expression with a comprehension starts every evaluation with a full budget
  const fn = root.fn;
  const metered: Fn = (e, v) => {
    budget.used = 0;
    return fn(e, v);
  };
  return { root: dyn(metered), type: checked.type };
}

const dyn = (fn: Fn): Compiled => ({ fn, constant: false, value: undefined });
const konst = (value: unknown): Compiled => {
  const v = deepFreeze(value);
  return { fn: () => v, constant: true, value: v };
};

class Compiler {
  /** Comprehension variables live in slots: evaluation is synchronous and not re-entrant. */
  private readonly slots: unknown[] = [];
  /** Whether the expression has a comprehension, so that its evaluations need a budget. */
  metered = false;

  constructor(
    private readonly src: string,
    private readonly variables: ReadonlySet<string>,
    private readonly budget: Budget,
  ) {}

  /** Spends budget units; exceeding the budget is an EvaluationError located at `node`. */
  private charger(node: ExprAst): (units: number) => void {
    const budget = this.budget;
    const fail = this.thrower(node);
    return (units) => {
      budget.used += units;
      if (budget.used > budget.limit) fail(budgetMessage(budget));
    };
  }

  /** Inside a comprehension body (scope !== null), a string or list value costs its length. */
  private metering(c: Compiled, node: ExprAst, scope: Scope | null): Compiled {
    if (scope === null || c.constant) return c;
    const f = c.fn;
    const charge = this.charger(node);
    return dyn((e, v) => {
      const x = f(e, v);
      const units = valueUnits(x);
      if (units > 0) charge(units);
      return x;
    });
  }

  /** A function that throws an EvaluationError located at `node`. */
  private thrower(node: ExprAst): (message: string) => never {
    const src = this.src;
    return (message: string) => {
      const text = exprSourceText(src, node);
      throw new EvaluationError(`${message} (in \`${text}\`)`, node.start, node.end, text);
    };
  }

  /** Folds `fn` when all its inputs are constant. A fold that fails stays a runtime error (it may be unreachable). */
  private fold(fn: Fn, inputs: readonly Compiled[]): Compiled {
    for (const i of inputs) if (!i.constant) return dyn(fn);
    this.budget.used = 0;
    try {
      return konst(fn(EMPTY, undefined));
    } catch {
      return dyn(fn);
    }
  }

  compile(node: ExprAst, scope: Scope | null): Compiled {
    switch (node.kind) {
      case 'literal':
        return konst(node.value);
      case 'ident':
        return this.ident(node, scope);
      case 'select':
        return this.select(node, scope);
      case 'index':
        return this.index(node, scope);
      case 'unary':
        return this.unary(node, scope);
      case 'binary':
        return this.binary(node, scope);
      case 'logical':
        return this.logical(node, scope);
      case 'conditional':
        return this.conditional(node, scope);
      case 'list':
        return this.list(node, scope);
      case 'map':
        return this.map(node, scope);
      case 'has':
        return this.has(node, scope);
      case 'comprehension':
        return this.comprehension(node, scope);
      case 'call':
        return this.call(node, scope);
    }
  }

  private ident(node: ExprNodeOf<'ident'>, scope: Scope | null): Compiled {
    const name = node.name;
    for (let s = scope; s; s = s.parent) {
      if (s.name === name) {
        const slots = this.slots;
        const i = s.slot;
        return dyn(() => slots[i]);
      }
    }
    const fail = this.thrower(node);
    if (this.variables.has(name)) {
      const inherited = INHERITED_KEYS.has(name);
      return dyn((_e, v) => {
        if (v !== undefined && (!inherited || Object.hasOwn(v, name))) {
          const x = v[name];
          if (x !== undefined) return x;
        }
        return fail(`variable "${name}" is not bound`);
      });
    }
    const missing = () => fail(`no such field "${name}"`);
    if (INHERITED_KEYS.has(name)) {
      return dyn((e) => {
        if (Object.hasOwn(e, name)) {
          const x = e[name];
          if (x !== undefined) return x;
        }
        return missing();
      });
    }
    return dyn(fieldRead(name, missing));
  }

  private select(node: ExprNodeOf<'select'>, scope: Scope | null): Compiled {
    const obj = this.compile(node.object, scope);
    const of = obj.fn;
    const name = node.field;
    const fail = this.thrower(node);
    const wrong = (o: unknown): never =>
      isMap(o) ? fail(`no such field "${name}"`) : fail(`cannot read field "${name}" of ${typeName(o)}`);
    const fn: Fn = INHERITED_KEYS.has(name)
      ? (e, v) => {
          const o = of(e, v);
          if (isMap(o) && Object.hasOwn(o, name)) {
            const x = o[name];
            if (x !== undefined) return x;
          }
          return wrong(o);
        }
      : selectFn(of, fieldSelect(name, wrong));
    return this.fold(fn, [obj]);
  }

  private index(node: ExprNodeOf<'index'>, scope: Scope | null): Compiled {
    const obj = this.compile(node.object, scope);
    const idx = this.compile(node.index, scope);
    const of = obj.fn;
    const fail = this.thrower(node);
    const slow = (o: unknown, i: unknown): unknown => {
      if (Array.isArray(o)) {
        if (typeof i !== 'number' || !Number.isInteger(i))
          return fail(`a list index must be an integer, got ${typeName(i)}`);
        if (i < 0 || i >= o.length) return fail(`index ${i} out of range (size ${o.length})`);
        const x = o[i];
        return x === undefined ? fail(`no element at index ${i}`) : x;
      }
      if (isMap(o)) {
        const k = mapKey(i);
        if (k === undefined) return fail(`a map key must be a string, got ${typeName(i)}`);
        if (Object.hasOwn(o, k)) {
          const x = o[k];
          if (x !== undefined) return x;
        }
        return fail(`no such key "${k}"`);
      }
      return fail(`cannot index ${typeName(o)}`);
    };
    let fn: Fn;
    if (idx.constant && typeof idx.value === 'number' && Number.isInteger(idx.value) && idx.value >= 0) {
      const k = idx.value;
      fn = (e, v) => {
        const o = of(e, v);
        if (Array.isArray(o) && k < o.length) {
          const x = o[k];
          if (x !== undefined) return x;
        }
        return slow(o, k);
      };
    } else {
      const ixf = idx.fn;
      fn = (e, v) => slow(of(e, v), ixf(e, v));
    }
    return this.fold(fn, [obj, idx]);
  }

  private unary(node: ExprNodeOf<'unary'>, scope: Scope | null): Compiled {
    const operand = this.compile(node.operand, scope);
    const f = operand.fn;
    const fail = this.thrower(node);
    const fn: Fn =
      node.op === '!'
        ? (e, v) => {
            const x = f(e, v);
            return x === true ? false : x === false ? true : fail(`'!' needs a boolean, got ${typeName(x)}`);
          }
        : (e, v) => {
            const x = f(e, v);
            return typeof x === 'number' ? -x : fail(`'-' needs a number, got ${typeName(x)}`);
          };
    return this.fold(fn, [operand]);
  }

  private binary(node: ExprNodeOf<'binary'>, scope: Scope | null): Compiled {
    const l = this.metering(this.compile(node.left, scope), node.left, scope);
    const r = this.metering(this.compile(node.right, scope), node.right, scope);
    const fail = this.thrower(node);
    // deep equality walks values in interpreted code: a step per element or key it compares
    const spend = scope === null ? undefined : this.charger(node);
    const charge = spend && ((n: number) => spend(n * STEP_UNITS));
    let fn: Fn;
    switch (node.op) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        fn = arithmetic(node.op, l, r, fail);
        break;
      case '<':
      case '<=':
      case '>':
      case '>=':
        fn = ordering(node.op, l, r, fail);
        break;
      case '==':
        fn = equality(l, r, false, charge);
        break;
      case '!=':
        fn = equality(l, r, true, charge);
        break;
      case 'in':
        fn = membership(l, r, fail, charge);
        break;
    }
    return this.fold(fn, [l, r]);
  }

  private logical(node: ExprNodeOf<'logical'>, scope: Scope | null): Compiled {
    const l = this.compile(node.left, scope);
    const r = this.compile(node.right, scope);
    const isAnd = node.op === '&&';
    const failL = this.thrower(node.left);
    const failR = this.thrower(node.right);
    const notBoolL = (x: unknown): never => failL(`'${node.op}' needs a boolean, got ${typeName(x)}`);
    const notBoolR = (x: unknown): never => failR(`'${node.op}' needs a boolean, got ${typeName(x)}`);
    const lf = l.fn;
    const rf = r.fn;
    if (l.constant) {
      if (l.value === !isAnd) return konst(!isAnd); // false && x, true || x
      if (l.value !== isAnd) return dyn(() => notBoolL(l.value));
      if (r.constant)
        return r.value === true || r.value === false ? konst(r.value) : dyn(() => notBoolR(r.value));
      return dyn((e, v) => {
        const b = rf(e, v);
        return b === true || b === false ? b : notBoolR(b);
      });
    }
    const fn: Fn = isAnd
      ? (e, v) => {
          const a = lf(e, v);
          if (a === false) return false;
          if (a !== true) return notBoolL(a);
          const b = rf(e, v);
          return b === true || b === false ? b : notBoolR(b);
        }
      : (e, v) => {
          const a = lf(e, v);
          if (a === true) return true;
          if (a !== false) return notBoolL(a);
          const b = rf(e, v);
          return b === true || b === false ? b : notBoolR(b);
        };
    return dyn(fn);
  }

  private conditional(node: ExprNodeOf<'conditional'>, scope: Scope | null): Compiled {
    const t = this.compile(node.test, scope);
    const a = this.compile(node.consequent, scope);
    const b = this.compile(node.alternate, scope);
    const failT = this.thrower(node.test);
    if (t.constant) {
      if (t.value === true) return a;
      if (t.value === false) return b;
      return dyn(() => failT(`the condition of '?:' must be a boolean, got ${typeName(t.value)}`));
    }
    const tf = t.fn;
    const af = a.fn;
    const bf = b.fn;
    return dyn((e, v) => {
      const c = tf(e, v);
      if (c === true) return af(e, v);
      if (c === false) return bf(e, v);
      return failT(`the condition of '?:' must be a boolean, got ${typeName(c)}`);
    });
  }

  private list(node: ExprNodeOf<'list'>, scope: Scope | null): Compiled {
    const items = node.items.map((n) => this.compile(n, scope));
    const fns = items.map((i) => i.fn);
    const n = fns.length;
    const fn: Fn = (e, v) => {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = fns[i]!(e, v);
      return out;
    };
    return this.fold(fn, items);
  }

  private map(node: ExprNodeOf<'map'>, scope: Scope | null): Compiled {
    const keys = node.entries.map((en) => this.compile(en.key, scope));
    const values = node.entries.map((en) => this.compile(en.value, scope));
    const kf = keys.map((k) => k.fn);
    const vf = values.map((x) => x.fn);
    const fails = node.entries.map((en) => this.thrower(en.key));
    const n = kf.length;
    const fn: Fn = (e, v) => {
      const out: JsonMap = {};
      for (let i = 0; i < n; i++) {
        const raw = kf[i]!(e, v);
        const k = mapKey(raw);
        if (k === undefined)
          return fails[i]!(`a map key must be a string, number or boolean, got ${typeName(raw)}`);
        setField(out, k, vf[i]!(e, v));
      }
      return out;
    };
    return this.fold(fn, [...keys, ...values]);
  }

  private has(node: ExprNodeOf<'has'>, scope: Scope | null): Compiled {
    const operand = node.operand;
    if (operand.kind === 'ident') {
      const name = operand.name;
      for (let s = scope; s; s = s.parent) if (s.name === name) return konst(true);
      if (this.variables.has(name)) {
        return dyn((_e, v) => v !== undefined && Object.hasOwn(v, name) && v[name] !== undefined);
      }
      return dyn((e) => Object.hasOwn(e, name) && e[name] !== undefined);
    }
    const obj = this.compile(operand.object, scope);
    const of = obj.fn;
    const name = operand.field;
    const fail = this.thrower(operand.object);
    const fn: Fn = (e, v) => {
      const o = of(e, v);
      if (isMap(o)) return Object.hasOwn(o, name) && o[name] !== undefined;
      return fail(`has() needs a map, got ${typeName(o)}`);
    };
    return this.fold(fn, [obj]);
  }

  private comprehension(node: ExprNodeOf<'comprehension'>, scope: Scope | null): Compiled {
    this.metered = true;
    const range = this.metering(this.compile(node.range, scope), node.range, scope);
    const slot = this.slots.length;
    this.slots.push(undefined);
    const inner: Scope = { name: node.variable, slot, parent: scope };
    const body = this.compile(node.body, inner);
    const filter = node.filter ? this.compile(node.filter, inner) : null;
    const slots = this.slots;
    const rf = range.fn;
    const bf = body.fn;
    const failRange = this.thrower(node.range);
    const failBody = this.thrower(node.body);
    const failFilter = node.filter ? this.thrower(node.filter) : failBody;
    const items = (e: Rec, v: Rec | undefined): readonly unknown[] => {
      const r = rf(e, v);
      if (Array.isArray(r)) return r;
      if (isMap(r)) return Object.keys(r);
      return failRange(`${node.macro}() needs a list or a map, got ${typeName(r)}`);
    };
    const charge = this.charger(node);
    const step = () => charge(STEP_UNITS);
    const pred = (x: unknown): boolean =>
      x === true || x === false
        ? x
        : failBody(`the predicate of ${node.macro}() must be a boolean, got ${typeName(x)}`);
    let fn: Fn;
    switch (node.macro) {
      case 'all':
        fn = (e, v) => {
          const xs = items(e, v);
          for (let i = 0; i < xs.length; i++) {
            step();
            slots[slot] = xs[i];
            if (!pred(bf(e, v))) return false;
          }
          return true;
        };
        break;
      case 'exists':
        fn = (e, v) => {
          const xs = items(e, v);
          for (let i = 0; i < xs.length; i++) {
            step();
            slots[slot] = xs[i];
            if (pred(bf(e, v))) return true;
          }
          return false;
        };
        break;
      case 'exists_one':
        fn = (e, v) => {
          const xs = items(e, v);
          let n = 0;
          for (let i = 0; i < xs.length; i++) {
            step();
            slots[slot] = xs[i];
            if (pred(bf(e, v)) && ++n > 1) return false;
          }
          return n === 1;
        };
        break;
      case 'filter':
        fn = (e, v) => {
          const xs = items(e, v);
          const out: unknown[] = [];
          for (let i = 0; i < xs.length; i++) {
            const x = xs[i];
            step();
            slots[slot] = x;
            if (pred(bf(e, v))) out.push(x);
          }
          return out;
        };
        break;
      case 'map': {
        const ff = filter?.fn;
        fn = ff
          ? (e, v) => {
              const xs = items(e, v);
              const out: unknown[] = [];
              for (let i = 0; i < xs.length; i++) {
                step();
                slots[slot] = xs[i];
                const keep = ff(e, v);
                if (keep !== true && keep !== false) {
                  return failFilter(`the filter of map() must be a boolean, got ${typeName(keep)}`);
                }
                if (keep) out.push(bf(e, v));
              }
              return out;
            }
          : (e, v) => {
              const xs = items(e, v);
              const out = new Array<unknown>(xs.length);
              for (let i = 0; i < xs.length; i++) {
                step();
                slots[slot] = xs[i];
                out[i] = bf(e, v);
              }
              return out;
            };
        break;
      }
    }
    // the body reads the comprehension variable, so only a constant range and body can fold
    return this.fold(fn, filter ? [range, body, filter] : [range, body]);
  }

  /** matches(): a literal pattern is compiled once; a computed one is cached per call site. */
  private matches(
    [text, pattern]: [Compiled, Compiled],
    fail: Fail,
    wrap: (err: unknown) => never,
  ): Compiled {
    const tf = text.fn;
    if (pattern.constant && typeof pattern.value === 'string') {
      let re: Re2Pattern;
      try {
        re = compileRe2(pattern.value);
      } catch (err) {
        return dyn(() => wrap(err));
      }
      return this.fold(
        (e, v) => {
          const s = tf(e, v);
          return typeof s === 'string' ? re.test(s) : fail(`matches() expects a string, got ${typeName(s)}`);
        },
        [text],
      );
    }
    const pf = pattern.fn;
    let lastPattern: string | undefined;
    let lastRegex: Re2Pattern | undefined;
    return this.fold(
      (e, v) => {
        const s = tf(e, v);
        const p = pf(e, v);
        if (typeof s !== 'string') return fail(`matches() expects a string, got ${typeName(s)}`);
        if (typeof p !== 'string') return fail(`matches() expects a string pattern, got ${typeName(p)}`);
        if (p !== lastPattern || lastRegex === undefined) {
          try {
            lastRegex = compileRe2(p);
          } catch (err) {
            return wrap(err);
          }
          lastPattern = p;
        }
        return lastRegex.test(s);
      },
      [text, pattern],
    );
  }

  private call(node: ExprNodeOf<'call'>, scope: Scope | null): Compiled {
    const argNodes = node.target ? [node.target, ...node.args] : node.args;
    const args = argNodes.map((n) => this.metering(this.compile(n, scope), n, scope));
    const impl = BUILTIN_IMPLEMENTATIONS[node.name];
    const fail = this.thrower(node);
    if (impl === undefined) return dyn(() => fail(`unknown function "${node.name}"`)); // the checker rejects this first
    const wrap = (err: unknown): never => {
      if (err instanceof BuiltinFailure) return fail(err.message);
      throw err;
    };
    if (node.name === 'matches' && args.length === 2)
      return this.matches(args as [Compiled, Compiled], fail, wrap);
    // the result too: string() of a small list of big lists is big
    return this.metering(this.builtinCall(impl, args, wrap), node, scope);
  }

  private builtinCall(impl: BuiltinImpl, args: readonly Compiled[], wrap: (err: unknown) => never): Compiled {
    const f = args.map((a) => a.fn);
    const [a0, a1, a2] = f as [Fn, Fn, Fn];
    let fn: Fn;
    switch (f.length) {
      case 0:
        fn = () => {
          try {
            return impl();
          } catch (err) {
            return wrap(err);
          }
        };
        break;
      case 1:
        fn = (e, v) => {
          const x = a0(e, v);
          try {
            return impl(x);
          } catch (err) {
            return wrap(err);
          }
        };
        break;
      case 2:
        fn = (e, v) => {
          const x = a0(e, v);
          const y = a1(e, v);
          try {
            return impl(x, y);
          } catch (err) {
            return wrap(err);
          }
        };
        break;
      case 3:
        fn = (e, v) => {
          const x = a0(e, v);
          const y = a1(e, v);
          const z = a2(e, v);
          try {
            return impl(x, y, z);
          } catch (err) {
            return wrap(err);
          }
        };
        break;
      default:
        fn = (e, v) => {
          const xs = f.map((g) => g(e, v));
          try {
            return impl(...xs);
          } catch (err) {
            return wrap(err);
          }
        };
    }
    return this.fold(fn, args);
  }
}

function selectFn(of: Fn, sel: (o: unknown) => unknown): Fn {
  return (e, v) => sel(of(e, v));
}

/** Sets a key on a fresh output object; `__proto__` becomes an own property instead of the prototype. */
export function setField(out: JsonMap, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

// ---------------------------------------------------------------------------------------------
// Operators. Each has a fast path for numbers (the common case on JSON events) specialised for a
// constant operand, and a slow path with the full rules and the errors.

type Fail = (message: string) => never;
type ArithOp = '+' | '-' | '*' | '/' | '%';
type OrderOp = '<' | '<=' | '>' | '>=';

function arithmeticSlow(op: ArithOp, a: unknown, b: unknown, fail: Fail): unknown {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' && tb === 'number') {
    if (b === 0 && (op === '/' || op === '%'))
      return fail(op === '/' ? 'division by zero' : 'modulo by zero');
    const x = a as number;
    const y = b as number;
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return x / y;
      case '%':
        return x % y;
    }
  }
  if (op === '+') {
    if (ta === 'string' && tb === 'string') return (a as string) + (b as string);
    if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  }
  return fail(`cannot apply '${op}' to ${typeName(a)} and ${typeName(b)}`);
}

function arithmetic(op: ArithOp, l: Compiled, r: Compiled, fail: Fail): Fn {
  const lf = l.fn;
  const rf = r.fn;
  const slow = (a: unknown, b: unknown) => arithmeticSlow(op, a, b, fail);
  if (r.constant && typeof r.value === 'number' && !(r.value === 0 && (op === '/' || op === '%'))) {
    const c = r.value;
    switch (op) {
      case '+':
        return (e, v) => {
          const a = lf(e, v);
          return typeof a === 'number' ? a + c : slow(a, c);
        };
      case '-':
        return (e, v) => {
          const a = lf(e, v);
          return typeof a === 'number' ? a - c : slow(a, c);
        };
      case '*':
        return (e, v) => {
          const a = lf(e, v);
          return typeof a === 'number' ? a * c : slow(a, c);
        };
      case '/':
        return (e, v) => {
          const a = lf(e, v);
          return typeof a === 'number' ? a / c : slow(a, c);
        };
      case '%':
        return (e, v) => {
          const a = lf(e, v);
          return typeof a === 'number' ? a % c : slow(a, c);
        };
    }
  }
  if (l.constant && typeof l.value === 'number') {
    const c = l.value;
    switch (op) {
      case '+':
        return (e, v) => {
          const b = rf(e, v);
          return typeof b === 'number' ? c + b : slow(c, b);
        };
      case '-':
        return (e, v) => {
          const b = rf(e, v);
          return typeof b === 'number' ? c - b : slow(c, b);
        };
      case '*':
        return (e, v) => {
          const b = rf(e, v);
          return typeof b === 'number' ? c * b : slow(c, b);
        };
      case '/':
        return (e, v) => {
          const b = rf(e, v);
          return typeof b === 'number' && b !== 0 ? c / b : slow(c, b);
        };
      case '%':
        return (e, v) => {
          const b = rf(e, v);
          return typeof b === 'number' && b !== 0 ? c % b : slow(c, b);
        };
    }
  }
  switch (op) {
    case '+':
      return (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return typeof a === 'number' && typeof b === 'number' ? a + b : slow(a, b);
      };
    case '-':
      return (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return typeof a === 'number' && typeof b === 'number' ? a - b : slow(a, b);
      };
    case '*':
      return (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return typeof a === 'number' && typeof b === 'number' ? a * b : slow(a, b);
      };
    case '/':
      return (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : slow(a, b);
      };
    case '%':
      return (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a % b : slow(a, b);
      };
  }
}

function orderingSlow(op: OrderOp, a: unknown, b: unknown, fail: Fail): boolean {
  const t = typeof a;
  if (t !== typeof b || (t !== 'number' && t !== 'string' && t !== 'boolean')) {
    return fail(`cannot compare ${typeName(a)} with ${typeName(b)} using '${op}'`);
  }
  const x = a as number | string | boolean;
  const y = b as number | string | boolean;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

function ordering(op: OrderOp, l: Compiled, r: Compiled, fail: Fail): Fn {
  const lf = l.fn;
  const rf = r.fn;
  const slow = (a: unknown, b: unknown) => orderingSlow(op, a, b, fail);
  if (r.constant && typeof r.value === 'number') {
    const c = r.value;
    switch (op) {
      case '<':
        return (e, v) => {
          const a = lf(e, v);
          return typeof a === 'number' ? a < c : slow(a, c);
        };
      case '<=':
        return (e, v) => {
          const a = lf(e, v);
          return typeof a === 'number' ? a <= c : slow(a, c);
        };
      case '>':
        return (e, v) => {
          const a = lf(e, v);
          return typeof a === 'number' ? a > c : slow(a, c);
        };
      case '>=':
        return (e, v) => {
          const a = lf(e, v);
          return typeof a === 'number' ? a >= c : slow(a, c);
        };
    }
  }
  if (l.constant && typeof l.value === 'number') {
    const c = l.value;
    switch (op) {
      case '<':
        return (e, v) => {
          const b = rf(e, v);
          return typeof b === 'number' ? c < b : slow(c, b);
        };
      case '<=':
        return (e, v) => {
          const b = rf(e, v);
          return typeof b === 'number' ? c <= b : slow(c, b);
        };
      case '>':
        return (e, v) => {
          const b = rf(e, v);
          return typeof b === 'number' ? c > b : slow(c, b);
        };
      case '>=':
        return (e, v) => {
          const b = rf(e, v);
          return typeof b === 'number' ? c >= b : slow(c, b);
        };
    }
  }
  switch (op) {
    case '<':
      return (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return typeof a === 'number' && typeof b === 'number' ? a < b : slow(a, b);
      };
    case '<=':
      return (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return typeof a === 'number' && typeof b === 'number' ? a <= b : slow(a, b);
      };
    case '>':
      return (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return typeof a === 'number' && typeof b === 'number' ? a > b : slow(a, b);
      };
    case '>=':
      return (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return typeof a === 'number' && typeof b === 'number' ? a >= b : slow(a, b);
      };
  }
}

const isPrimitive = (x: unknown) => x === null || (typeof x !== 'object' && typeof x !== 'function');

function equality(l: Compiled, r: Compiled, negate: boolean, charge?: (units: number) => void): Fn {
  // a constant primitive on one side: structural equality is plain identity
  let other: Compiled | null = null;
  let c: unknown;
  if (r.constant && isPrimitive(r.value)) {
    other = l;
    c = r.value;
  } else if (l.constant && isPrimitive(l.value)) {
    other = r;
    c = l.value;
  }
  if (other) {
    const of = other.fn;
    return negate ? (e, v) => of(e, v) !== c : (e, v) => of(e, v) === c;
  }
  const lf = l.fn;
  const rf = r.fn;
  return negate
    ? (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return a !== b && !deepEqual(a, b, charge);
      }
    : (e, v) => {
        const a = lf(e, v);
        const b = rf(e, v);
        return a === b || deepEqual(a, b, charge);
      };
}

function membership(l: Compiled, r: Compiled, fail: Fail, charge?: (units: number) => void): Fn {
  const lf = l.fn;
  const rf = r.fn;
  if (r.constant && Array.isArray(r.value) && r.value.every(isPrimitive)) {
    const set = new Set<unknown>(r.value);
    return (e, v) => set.has(lf(e, v));
  }
  return (e, v) => {
    const x = lf(e, v);
    const c = rf(e, v);
    if (Array.isArray(c)) {
      if (isPrimitive(x)) return c.includes(x);
      for (let i = 0; i < c.length; i++) if (deepEqual(x, c[i], charge)) return true;
      return false;
    }
    if (isMap(c)) {
      const k = mapKey(x);
      return k !== undefined && Object.hasOwn(c, k);
    }
    return fail(`'in' needs a list or a map on its right, got ${typeName(c)}`);
  };
}
