import { CATEGORIES, type CatalogEntry, catalogJson, type NodeCategory } from '@eventide/shared';
import type { JsonSchema } from './schema-form';

/** The catalog as JSON, computed once: the params JSON Schemas drive the inspector's forms. */
export const CATALOG: CatalogEntry[] = catalogJson();

const byKind = new Map(CATALOG.map((k) => [k.kind, k]));

export function catalogEntry(kind: string): CatalogEntry | undefined {
  return byKind.get(kind);
}

export function paramsSchemaOf(kind: string): JsonSchema {
  return (byKind.get(kind)?.paramsSchema ?? {}) as JsonSchema;
}

export const CATEGORY_LABELS: Record<NodeCategory, string> = Object.fromEntries(
  CATEGORIES.map((c) => [c.id, c.label]),
) as Record<NodeCategory, string>;

/** Kinds grouped by category in palette order, filtered by a search over label, kind and description. */
export function paletteGroups(
  query: string,
): { category: NodeCategory; label: string; kinds: CatalogEntry[] }[] {
  const q = query.trim().toLowerCase();
  const match = (k: CatalogEntry) =>
    !q || [k.label, k.kind, k.description, k.category].some((s) => s.toLowerCase().includes(q));
  return CATEGORIES.map((c) => ({
    category: c.id,
    label: c.label,
    kinds: CATALOG.filter((k) => k.category === c.id && match(k)),
  })).filter((g) => g.kinds.length > 0);
}
