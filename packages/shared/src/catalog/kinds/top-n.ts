import { z } from 'zod';
import { durationMs, fieldName, keyBy, timeMode } from '../params.js';
import { eventsIn, lateOut, out } from '../ports.js';
import { effectiveKey, input } from '../stream.js';
import { defineKind, type FieldRef } from '../types.js';
import { topNMigrations } from './top-n.migrations.js';

/** The params of window.top-n, exported so the engine parses a node with this schema once. */
export const topNParams = z
  .object({
    sizeMs: durationMs({ min: 1 }).default(10_000),
    offsetMs: durationMs().default(0),
    keyBy: keyBy(),
    orderBy: fieldName().default('value').meta({ description: 'The numeric field events are ranked by.' }),
    descending: z.boolean().default(true).meta({ description: 'Highest first (off: lowest first).' }),
    n: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(3)
      .meta({ description: 'Events kept per key and window.' }),
    withTies: z.boolean().default(false).meta({
      description:
        'Also keep every event tied with the N-th on the ranked field (SQL RANK() <= N): a window can then emit more than N.',
    }),
    rankField: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a field name: letters, digits and "_", not starting with a digit')
      .default('rank'),
    timeMode: timeMode(),
  })
  .superRefine((p, ctx) => {
    if (p.offsetMs >= p.sizeMs)
      ctx.addIssue({ code: 'custom', path: ['offsetMs'], message: 'offset must be smaller than the size' });
  });
export type TopNParams = z.infer<typeof topNParams>;

export const topN = defineKind({
  kind: 'window.top-n',
  category: 'window',
  label: 'Window top-N',
  description:
    'Ranks the events of each tumbling window (per key) by a numeric field and emits the first N of each, with their rank (1 = first), window_start and window_end, when the window closes. Ties: earlier event time first, then arrival; with ties on, every event tied with the N-th too, sharing its rank.',
  paramsMigrations: topNMigrations,
  params: topNParams,
  inputs: () => [eventsIn()],
  outputs: () => [out(), lateOut()],
  inferOutputs: (p, inputs) => {
    const upstream = input(inputs);
    const key = effectiveKey(p.keyBy, upstream);
    const schema = {
      fields: {
        ...upstream.schema.fields,
        window_start: 'number' as const,
        window_end: 'number' as const,
        [p.rankField]: 'number' as const,
      },
      open: upstream.schema.open,
    };
    return {
      out: { schema, key: key.length > 0 ? key : null, eventTime: upstream.eventTime },
      late: upstream,
    };
  },
  fieldRefs: (p): FieldRef[] => [
    ...p.keyBy.map((field, i) => ({ path: `keyBy.${i}`, field, inputPort: 'in' })),
    { path: 'orderBy', field: p.orderBy, inputPort: 'in' },
  ],
  needsEventTime: (p) => p.timeMode === 'event',
});
