import { z } from 'zod';
import type { FieldType } from '../../expr/field-schema.js';
import { checkExpression } from '../../expr/index.js';
import { projectionField } from '../params.js';
import { errorOut, eventsIn, out } from '../ports.js';
import { input } from '../stream.js';
import { defineKind } from '../types.js';

export const map = defineKind({
  kind: 'transform.map',
  category: 'transform',
  label: 'Map',
  description: 'Computes new fields, one `name = expression` each; keeps the input fields too when asked.',
  params: z.object({
    fields: z.array(projectionField()).default([]),
    keepInput: z
      .boolean()
      .default(false)
      .meta({ description: 'Pass the input fields through beside the new ones.' }),
  }),
  inputs: () => [eventsIn()],
  outputs: () => [out(), errorOut()],
  inferOutputs: (p, inputs) => {
    const upstream = input(inputs);
    const fields: Record<string, FieldType> = p.keepInput ? { ...upstream.schema.fields } : {};
    for (const f of p.fields) fields[f.name] = checkExpression(f.expr, { fields: upstream.schema }).type;
    const key = upstream.key?.every((k) => k in fields) ? upstream.key : null;
    return {
      out: {
        schema: { fields, open: p.keepInput && upstream.schema.open },
        key,
        eventTime: upstream.eventTime,
      },
      error: upstream,
    };
  },
  expressions: (p) => p.fields.map((f, i) => ({ path: `fields.${i}.expr`, source: f.expr, inputPort: 'in' })),
});

/** The params of map as the catalog parses them (defaults filled). */
export type MapParams = z.output<typeof map.params>;
