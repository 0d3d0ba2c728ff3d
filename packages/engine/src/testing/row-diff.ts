/**
 * Compares the rows a pipeline produced with the rows a test expects, and says how they differ in
 * terms a person reads: rows missing, rows extra, and rows changed field by field (a changed row is
 * an expected and an actual row that agree on most fields, shown as one row instead of two).
 */

export interface FieldChange {
  /** Dotted path inside the row ("count", "stats.max", "items.2"). */
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface ChangedRow {
  /** Position of the row in the expected and the actual output. */
  expectedIndex: number;
  actualIndex: number;
  fields: FieldChange[];
}

export interface RowDiff {
  passed: boolean;
  expectedCount: number;
  actualCount: number;
  missing: { index: number; row: unknown }[];
  extra: { index: number; row: unknown }[];
  changed: ChangedRow[];
}

export interface RowDiffOptions {
  match: 'exact' | 'unordered';
  /** Relative tolerance for numbers; 0 compares exactly. */
  tolerance: number;
}

/** Above this many cells the ordered diff aligns rows by position instead of by longest common subsequence. */
const MAX_ALIGNMENT_CELLS = 4_000_000;

export function diffRows(
  expected: readonly unknown[],
  actual: readonly unknown[],
  opts: RowDiffOptions,
): RowDiff {
  const same = (a: unknown, b: unknown) => valuesMatch(a, b, opts.tolerance);
  const unmatched =
    opts.match === 'exact'
      ? orderedLeftovers(expected, actual, same)
      : unorderedLeftovers(expected, actual, same);
  const diff: RowDiff = {
    passed: true,
    expectedCount: expected.length,
    actualCount: actual.length,
    missing: [],
    extra: [],
    changed: [],
  };
  for (const gap of unmatched) pairGap(gap, expected, actual, opts.tolerance, diff);
  diff.passed = diff.missing.length === 0 && diff.extra.length === 0 && diff.changed.length === 0;
  return diff;
}

/** Unmatched expected and actual row indexes that stand between the same matched rows. */
interface Gap {
  expected: number[];
  actual: number[];
}

/** Ordered: the longest common subsequence anchors the rows; what lies between anchors is a gap. */
function orderedLeftovers(
  expected: readonly unknown[],
  actual: readonly unknown[],
  same: (a: unknown, b: unknown) => boolean,
): Gap[] {
  const n = expected.length;
  const m = actual.length;
  if (n * m > MAX_ALIGNMENT_CELLS) {
    const gap: Gap = { expected: [], actual: [] };
    for (let i = 0; i < Math.max(n, m); i++) {
      if (i < n && i < m && same(expected[i], actual[i])) continue;
      if (i < n) gap.expected.push(i);
      if (i < m) gap.actual.push(i);
    }
    return [gap];
  }
  // lcs[i][j]: length of the longest common subsequence of expected[i..] and actual[j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * width + j] = same(expected[i], actual[j])
        ? lcs[(i + 1) * width + j + 1]! + 1
        : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
  const gaps: Gap[] = [];
  let gap: Gap = { expected: [], actual: [] };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(expected[i], actual[j])) {
      if (gap.expected.length || gap.actual.length) gaps.push(gap);
      gap = { expected: [], actual: [] };
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!))
      gap.expected.push(i++);
    else gap.actual.push(j++);
  }
  if (gap.expected.length || gap.actual.length) gaps.push(gap);
  return gaps;
}

/** Unordered: rows match as a multiset (by their canonical JSON first, then by tolerance). */
function unorderedLeftovers(
  expected: readonly unknown[],
  actual: readonly unknown[],
  same: (a: unknown, b: unknown) => boolean,
): Gap[] {
  const waiting = new Map<string, number[]>();
  actual.forEach((row, j) => {
    const key = canonicalJson(row);
    const list = waiting.get(key);
    if (list) list.push(j);
    else waiting.set(key, [j]);
  });
  const leftExpected: number[] = [];
  expected.forEach((row, i) => {
    const list = waiting.get(canonicalJson(row));
    if (list?.length) list.shift();
    else leftExpected.push(i);
  });
  const leftActual = [...waiting.values()].flat().sort((a, b) => a - b);
  // Rows equal only within the tolerance.
  const gap: Gap = { expected: [], actual: [] };
  const taken = new Set<number>();
  for (const i of leftExpected) {
    const j = leftActual.find((k) => !taken.has(k) && same(expected[i], actual[k]));
    if (j === undefined) gap.expected.push(i);
    else taken.add(j);
  }
  gap.actual = leftActual.filter((j) => !taken.has(j));
  return gap.expected.length || gap.actual.length ? [gap] : [];
}

/** Pairs the rows of a gap that agree on most fields as changed rows; the rest are missing or extra. */
function pairGap(
  gap: Gap,
  expected: readonly unknown[],
  actual: readonly unknown[],
  tolerance: number,
  diff: RowDiff,
) {
  const paired = new Set<number>();
  for (const i of gap.expected) {
    let best: { j: number; fields: FieldChange[] } | undefined;
    for (const j of gap.actual) {
      if (paired.has(j)) continue;
      const fields = fieldChanges(expected[i], actual[j], tolerance);
      if (fields && (!best || fields.length < best.fields.length)) best = { j, fields };
    }
    if (best) {
      paired.add(best.j);
      diff.changed.push({ expectedIndex: i, actualIndex: best.j, fields: best.fields });
    } else diff.missing.push({ index: i, row: expected[i] });
  }
  for (const j of gap.actual) if (!paired.has(j)) diff.extra.push({ index: j, row: actual[j] });
}

/** The differing fields of two rows with the same field names, or undefined when most fields differ. */
function fieldChanges(a: unknown, b: unknown, tolerance: number): FieldChange[] | undefined {
  if (!isRecord(a) || !isRecord(b)) return undefined;
  const keys = Object.keys(a);
  if (keys.length === 0 || keys.length !== Object.keys(b).length || !keys.every((k) => Object.hasOwn(b, k)))
    return undefined;
  const changes: FieldChange[] = [];
  for (const k of keys)
    if (!valuesMatch(a[k], b[k], tolerance)) changes.push({ path: k, expected: a[k], actual: b[k] });
  return changes.length * 2 <= keys.length ? changes : undefined;
}

/** Deep equality of JSON values where numbers may differ by a relative tolerance. */
export function valuesMatch(a: unknown, b: unknown, tolerance: number): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number')
    return tolerance > 0 && Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesMatch(x, b[i], tolerance));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => Object.hasOwn(b, k) && valuesMatch(a[k], b[k], tolerance))
  );
}

/** JSON with object keys sorted, so that rows equal as values have equal text. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_key, value: unknown) =>
    isRecord(value)
      ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : value,
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
