import { z } from 'zod';
import type { FieldSchema } from '../../expr/field-schema.js';

/** Ingest sources do not know their fields; users may declare them so the editor can check expressions. */
export const declaredFields = () =>
  z
    .array(
      z.object({
        name: z.string().min(1),
        type: z.enum(['number', 'string', 'boolean', 'list', 'map', 'any']).default('any'),
      }),
    )
    .default([])
    .meta({ description: 'Fields you expect; other fields still pass through.' });

export function declaredSchema(fields: { name: string; type: FieldSchema['fields'][string] }[]): FieldSchema {
  return { fields: Object.fromEntries(fields.map((f) => [f.name, f.type])), open: true };
}
