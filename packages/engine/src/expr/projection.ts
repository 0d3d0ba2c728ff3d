/** Projections (map nodes, CEP outputs) and key expressions (key-by, keyed windows), built on compile.ts. */

import { type FieldStore, fieldStore } from './access-sites.js';
import type { CompileOptions } from './compile.js';
import { compileExpression } from './compile.js';
import { ExpressionError } from './errors.js';

type Rec = Record<string, unknown>;
type Fn = (event: Rec, vars?: Rec) => unknown;

export type ProjectionField = { name: string; expr: string };
export type CompiledProjection = (
  event: Record<string, unknown>,
  vars?: Record<string, unknown>,
) => Record<string, unknown>;
export type CompiledKey = (event: Record<string, unknown>, vars?: Record<string, unknown>) => string;

function compileField(src: string, options: CompileOptions, label: string): Fn {
  try {
    return compileExpression(src, options);
  } catch (err) {
    if (err instanceof ExpressionError) throw new ExpressionError(src, err.errors, label);
    throw err;
  }
}

/**
 * Compiles `name = expression` fields into one function building the output object, with the fields
 * in the given order. Throws ExpressionError (with `field` set) for an invalid expression or name.
 */
export function compileProjection(
  fields: readonly ProjectionField[],
  options: CompileOptions = {},
): CompiledProjection {
  const seen = new Set<string>();
  for (const f of fields) {
    if (f.name === '' || f.name === '__proto__') {
      throw new ExpressionError(
        f.expr,
        [{ message: `invalid output field name "${f.name}"`, start: 0, end: f.expr.length }],
        f.name,
      );
    }
    if (seen.has(f.name)) {
      throw new ExpressionError(
        f.expr,
        [{ message: `duplicate output field "${f.name}"`, start: 0, end: f.expr.length }],
        f.name,
      );
    }
    seen.add(f.name);
  }
  const fns = fields.map((f) => compileField(f.expr, options, f.name));
  const stores = fields.map((f) => fieldStore(f.name));
  // unrolled for the common small projections; each field has its own store site (see access-sites.ts)
  switch (fns.length) {
    case 0:
      return () => ({});
    case 1: {
      const [s0] = stores as [FieldStore];
      const [f0] = fns as [Fn];
      return (e, v) => {
        const o: Rec = {};
        s0(o, f0(e, v));
        return o;
      };
    }
    case 2: {
      const [s0, s1] = stores as [FieldStore, FieldStore];
      const [f0, f1] = fns as [Fn, Fn];
      return (e, v) => {
        const o: Rec = {};
        s0(o, f0(e, v));
        s1(o, f1(e, v));
        return o;
      };
    }
    case 3: {
      const [s0, s1, s2] = stores as [FieldStore, FieldStore, FieldStore];
      const [f0, f1, f2] = fns as [Fn, Fn, Fn];
      return (e, v) => {
        const o: Rec = {};
        s0(o, f0(e, v));
        s1(o, f1(e, v));
        s2(o, f2(e, v));
        return o;
      };
    }
    case 4: {
      const [s0, s1, s2, s3] = stores as [FieldStore, FieldStore, FieldStore, FieldStore];
      const [f0, f1, f2, f3] = fns as [Fn, Fn, Fn, Fn];
      return (e, v) => {
        const o: Rec = {};
        s0(o, f0(e, v));
        s1(o, f1(e, v));
        s2(o, f2(e, v));
        s3(o, f3(e, v));
        return o;
      };
    }
    default: {
      const n = fns.length;
      return (e, v) => {
        const o: Rec = {};
        for (let i = 0; i < n; i++) stores[i]!(o, fns[i]!(e, v));
        return o;
      };
    }
  }
}

function keyPart(x: unknown): string {
  return typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x);
}

/**
 * Compiles key expressions into a function returning a string key for keyed state: for one expression
 * String(value) (lists and maps as JSON), for several the JSON of the array of values (so that
 * ["a", 1] and ["a", "1"] stay distinct). Throws ExpressionError (`field` = index) when invalid.
 */
export function compileKey(exprs: readonly string[], options: CompileOptions = {}): CompiledKey {
  const fns = exprs.map((src, i) => compileField(src, options, `key ${i}`));
  if (fns.length === 0) return () => '';
  if (fns.length === 1) {
    const f = fns[0]!;
    return (e, v) => {
      const x = f(e, v);
      return typeof x === 'string' ? x : keyPart(x);
    };
  }
  const n = fns.length;
  return (e, v) => {
    const parts = new Array<unknown>(n);
    for (let i = 0; i < n; i++) parts[i] = fns[i]!(e, v);
    return JSON.stringify(parts);
  };
}
