/** The first of `base`, `base-2`, `base-3`... not in `taken`, shaped to fit the document's id rule. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const clean =
    base
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .replace(/-+$/, '')
      .slice(0, 56) || 'node';
  if (!used.has(clean)) return clean;
  for (let i = 2; ; i++) {
    const candidate = `${clean}-${i}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** Short readable base for a node id from its kind: "window.tumbling" -> "tumbling". */
export function idBaseForKind(kind: string): string {
  return kind.split('.').pop() ?? kind;
}
