import { z } from 'zod';
import { fieldName } from '../params.js';
import { eventsIn, out } from '../ports.js';
import { input } from '../stream.js';
import { defineKind } from '../types.js';

export const keyBy = defineKind({
  kind: 'transform.key-by',
  category: 'transform',
  label: 'Key by',
  description: 'Partitions the stream by fields; downstream windows, dedupe and patterns keep state per key.',
  params: z.object({
    fields: z.array(fieldName()).min(1, 'choose at least one field').default(['key']).meta({ ui: 'fields' }),
  }),
  inputs: () => [eventsIn()],
  outputs: () => [out()],
  inferOutputs: (p, inputs) => ({ out: { ...input(inputs), key: p.fields } }),
  fieldRefs: (p) => p.fields.map((field, i) => ({ path: `fields.${i}`, field, inputPort: 'in' })),
});

/** The params of keyBy as the catalog parses them (defaults filled). */
export type KeyByParams = z.output<typeof keyBy.params>;
