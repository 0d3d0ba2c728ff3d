/** Runtime helpers over JSON values: type names, structural equality, ordering. */

export type JsonMap = Record<string, unknown>;

export const isArray: (v: unknown) => v is unknown[] = Array.isArray;

/** A JSON object (CEL map): a non-null, non-array object. */
export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The CEL-ish type name of a runtime value, for messages. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing value';
  if (Array.isArray(v)) return 'list';
  switch (typeof v) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'map';
    default:
      return typeof v;
  }
}

/**
 * Structural equality: primitives by value (so 1 == "1" is false, never an error), lists element-wise,
 * maps by key set and values regardless of key order. `charge` (inside comprehension bodies, see
 * budget.ts) is told how many elements or keys each level compares.
 */
export function deepEqual(a: unknown, b: unknown, charge?: (units: number) => void): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    charge?.(a.length);
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i], charge)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  charge?.(ka.length);
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !deepEqual((a as JsonMap)[k], (b as JsonMap)[k], charge)) return false;
  }
  return true;
}

/** Deep-freezes a constant so that sharing it between evaluations is safe. */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Number of Unicode code points (CEL's size of a string). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** A JSON map key for a CEL key value: strings as is, numbers and booleans as their string form. */
export function mapKey(k: unknown): string | undefined {
  switch (typeof k) {
    case 'string':
      return k;
    case 'number':
    case 'boolean':
      return String(k);
    default:
      return undefined;
  }
}

/** Property names every plain object inherits; a field read with one of them must check own-ness. */
export const INHERITED_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
