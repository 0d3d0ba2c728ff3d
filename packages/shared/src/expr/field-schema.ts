/**
 * The types the expression checker knows about. They describe JSON values: every number is a JS number
 * (there is no int/double distinction), 'list' is a JSON array, 'map' a JSON object. 'any' means "not
 * known"; it never produces a type error.
 */
export type FieldType = 'number' | 'string' | 'boolean' | 'list' | 'map' | 'null' | 'any';

/**
 * The fields an event flowing on an edge is known to have. `open: true` means fields beyond those
 * listed may exist (e.g. data from an HTTP ingest): an identifier that is not listed is then typed
 * 'any' instead of being reported as an unknown field.
 */
export type FieldSchema = { fields: Record<string, FieldType>; open: boolean };

export const FIELD_TYPES: readonly FieldType[] = [
  'number',
  'string',
  'boolean',
  'list',
  'map',
  'null',
  'any',
];
