import type { FieldType } from '@eventide/shared';

/** Declared-field types the inspector offers (see declaredFields in the catalog). */
export type DeclaredType = 'number' | 'string' | 'boolean' | 'list' | 'map' | 'any';

export interface InferredField {
  name: string;
  type: DeclaredType;
}

function typeOf(v: unknown): FieldType {
  if (v === null) return 'null';
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
      return 'any';
  }
}

/**
 * The fields of sampled events with one type each: the type every sample agrees on (nulls aside),
 * or "any" when they disagree. Fields in first-seen order.
 */
export function inferFields(events: readonly Record<string, unknown>[]): InferredField[] {
  const types = new Map<string, FieldType>();
  for (const e of events)
    for (const [name, v] of Object.entries(e)) {
      const t = typeOf(v);
      const seen = types.get(name);
      if (seen === undefined || seen === 'null') types.set(name, t);
      else if (t !== 'null' && t !== seen) types.set(name, 'any');
    }
  return [...types].map(([name, t]) => ({ name, type: t === 'null' ? 'any' : t }));
}
