import { z } from 'zod';
import { connectionUrl, fieldName, secretRef } from '../params.js';
import { anyIn } from '../ports.js';
import { defineKind } from '../types.js';

const identifier = () =>
  z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'a SQL name: letters, digits and "_", not starting with a digit');

export const POSTGRES_COLUMN_TYPES = [
  'text',
  'double precision',
  'bigint',
  'boolean',
  'jsonb',
  'timestamptz',
] as const;

export const sinkPostgresParams = z
  .object({
    url: connectionUrl(
      /^postgres(ql)?:\/\/[^\s]+$/i,
      'postgres://eventide@127.0.0.1:15432/eventide',
      'a postgres:// connection URL',
    ),
    password: secretRef(),
    table: identifier().default('results'),
    schema: identifier().default('public'),
    columns: z
      .array(
        z.object({
          column: identifier(),
          field: fieldName(),
          type: z.enum(POSTGRES_COLUMN_TYPES).default('text'),
        }),
      )
      .min(1, 'map at least one field to a column')
      .max(200)
      .default([{ column: 'value', field: 'value', type: 'text' }]),
    mode: z.enum(['insert', 'upsert']).default('insert').meta({
      description: 'upsert: a result whose key columns match a row replaces it (re-fired windows).',
    }),
    key: z
      .array(identifier())
      .max(16)
      .default([])
      .meta({ description: 'Key columns for upsert (the primary key when the table is created).' }),
    createTable: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    const columns = new Set(p.columns.map((c) => c.column));
    if (columns.size !== p.columns.length)
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'each column may appear only once' });
    if (p.mode === 'upsert' && p.key.length === 0)
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'upsert needs key columns' });
    for (const [i, k] of p.key.entries())
      if (!columns.has(k))
        ctx.addIssue({
          code: 'custom',
          path: ['key', i],
          message: `key column "${k}" is not among the columns`,
        });
  });
export type SinkPostgresParams = z.infer<typeof sinkPostgresParams>;

export const sinkPostgres = defineKind({
  kind: 'sink.postgres',
  category: 'sink',
  label: 'PostgreSQL',
  description:
    'Writes results as rows of a PostgreSQL table, in one transaction per checkpoint: a restart neither loses nor repeats a row. Upsert on key columns makes re-fired window results (early, late) replace their row.',
  params: sinkPostgresParams,
  inputs: () => [anyIn()],
  outputs: () => [],
  inferOutputs: () => ({}),
  fieldRefs: (p) =>
    p.columns.map((c, i) => ({ path: `columns.${i}.field`, field: c.field, inputPort: 'in' })),
});
