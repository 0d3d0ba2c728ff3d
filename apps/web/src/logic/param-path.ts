/** Reads and immutably writes values at dotted param paths such as "steps.0.quantifier.min". */

export type PathSegment = string | number;

export function parsePath(path: string): PathSegment[] {
  if (path === '') return [];
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function getAt(value: unknown, path: PathSegment[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** A copy of `root` with `value` at `path`; `undefined` removes the key (optional params). */
export function setAt(root: unknown, path: PathSegment[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const next = rest.length === 0 ? value : setAt(getAt(root, [head]), rest, value);
  if (typeof head === 'number') {
    const arr = Array.isArray(root) ? [...root] : [];
    arr[head] = next;
    return arr;
  }
  const obj = root !== null && typeof root === 'object' && !Array.isArray(root) ? { ...root } : {};
  if (next === undefined) delete (obj as Record<string, unknown>)[head];
  else (obj as Record<string, unknown>)[head] = next;
  return obj;
}
