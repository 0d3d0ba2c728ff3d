import { typeName } from '@eventide/engine';
import { FIELD_TYPES, type FieldType, type PeekedField } from '@eventide/shared';

/** The engine's type name of a JSON value, as a field type. */
function typeOf(v: unknown): FieldType {
  const name = typeName(v);
  return FIELD_TYPES.find((t) => t === name) ?? 'any';
}

/**
 * The fields of sampled events with one type each: the type every sample agrees on (nulls aside),
 * or "any" when they disagree. Fields in first-seen order.
 */
export function inferFields(events: readonly Record<string, unknown>[]): PeekedField[] {
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
