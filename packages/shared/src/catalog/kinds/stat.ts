import { z } from 'zod';
import { fieldName } from '../params.js';
import { defineKind } from '../types.js';
import { panelBehaviour, ref } from './panel-common.js';

export const stat = defineKind({
  kind: 'sink.stat',
  category: 'sink',
  label: 'Stat',
  description: 'A dashboard tile with the latest value of one field.',
  panel: 'stat',
  params: z.object({
    field: fieldName().default('count'),
    unit: z.string().max(16).default(''),
    decimals: z.number().int().min(0).max(6).default(1),
  }),
  ...panelBehaviour((p: { field: string }) => ref('field', p.field)),
});

/** The params of stat as the catalog parses them (defaults filled). */
export type StatParams = z.output<typeof stat.params>;
