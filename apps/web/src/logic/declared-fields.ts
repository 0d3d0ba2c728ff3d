import type { PeekedField } from '@eventide/shared';

/** A declared field of an ingest or connector source: the shape peeked fields have too. */
export type DeclaredField = PeekedField;

const TYPES = new Set(['number', 'string', 'boolean', 'list', 'map', 'any']);

function isDeclared(v: unknown): v is DeclaredField {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return typeof f.name === 'string' && typeof f.type === 'string' && TYPES.has(f.type);
}

/**
 * A node's declared fields plus the peeked ones it lacks (already declared fields keep the user's
 * type); `skip` names fields the node adds itself (an MQTT topic field).
 */
export function mergeDeclaredFields(
  declared: unknown[],
  peeked: DeclaredField[],
  skip: string[],
): { fields: DeclaredField[]; added: DeclaredField[] } {
  const fields = declared.filter(isDeclared);
  const known = new Set([...fields.map((f) => f.name), ...skip]);
  const added = peeked.filter((f) => !known.has(f.name));
  return { fields: [...fields, ...added], added };
}
