/**
 * A total order over JSON values, so results sort the same way in every run: null, then booleans,
 * numbers, strings, and last lists and objects (by their JSON text).
 */
function rank(v: unknown): number {
  switch (typeof v) {
    case 'undefined':
      return 0;
    case 'boolean':
      return 1;
    case 'number':
      return 2;
    case 'string':
      return 3;
    default:
      return v === null ? 0 : 4;
  }
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 4) {
    const ja = JSON.stringify(a);
    const jb = JSON.stringify(b);
    return ja < jb ? -1 : ja > jb ? 1 : 0;
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** Orders key tuples field by field. */
export function compareTuples(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** A value usable as a Map key that is equal for equal JSON values. */
export function valueId(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') return `\u0000${JSON.stringify(v)}`;
  return v;
}
