import { z } from 'zod';
import { fieldName } from '../params.js';
import { defineKind } from '../types.js';
import { panelBehaviour, ref } from './panel-common.js';

export const table = defineKind({
  kind: 'sink.table',
  category: 'sink',
  label: 'Table',
  description: 'A dashboard table of the latest results, newest first.',
  panel: 'table',
  params: z.object({
    columns: z
      .array(fieldName())
      .default([])
      .meta({ ui: 'fields', description: 'Columns to show; empty shows every field.' }),
    maxRows: z.number().int().min(1).max(10_000).default(100),
  }),
  ...panelBehaviour((p: { columns: string[] }) => p.columns.flatMap((c, i) => ref(`columns.${i}`, c))),
});

/** The params of table as the catalog parses them (defaults filled). */
export type TableParams = z.output<typeof table.params>;
