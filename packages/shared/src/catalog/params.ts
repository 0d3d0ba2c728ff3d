import { z } from 'zod';

/**
 * Building blocks of parameter schemas. The `ui` metadata travels into the JSON Schema that the
 * inspector generates its forms from, so a kind needs no hand-written form.
 */

/** A CEL expression; `role` tells the editor what it computes. */
export const expression = (role: 'condition' | 'value' | 'timestamp' | 'key', example?: string) =>
  z
    .string()
    .min(1, 'write an expression')
    .meta({ ui: 'expression', role, ...(example ? { examples: [example] } : {}) });

/** A duration in milliseconds. */
export const durationMs = (opts: { min?: number; description?: string } = {}) =>
  z
    .number()
    .int('must be a whole number of milliseconds')
    .min(opts.min ?? 0, opts.min ? `must be at least ${opts.min} ms` : 'must not be negative')
    .max(365 * 24 * 3_600_000)
    .meta({ ui: 'duration', unit: 'ms', ...(opts.description ? { description: opts.description } : {}) });

/** The name of a field of the input stream. */
export const fieldName = () => z.string().min(1, 'choose a field').meta({ ui: 'field' });

/** Field names the node keys its state by; empty means the key set upstream by key-by (or none). */
export const keyBy = () =>
  z
    .array(fieldName())
    .max(8)
    .default([])
    .meta({ ui: 'fields', description: 'Fields to key by; empty inherits the key set upstream by key-by.' });

export const timeMode = () =>
  z
    .enum(['event', 'processing'])
    .default('event')
    .meta({ description: 'Event time needs an upstream assign-timestamps; processing time uses the clock.' });

/** A named output field computed by an expression: the projection form `name = expression`. */
export const projectionField = () =>
  z.object({
    name: z
      .string()
      .min(1)
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a field name: letters, digits and "_", not starting with a digit'),
    expr: expression('value'),
  });

export const AGGREGATE_FUNCTIONS = [
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'first',
  'last',
  'distinct_count',
  'percentile',
  'top_n',
  'collect',
  'max_by',
  'min_by',
] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

export const aggregation = () =>
  z
    .object({
      name: z
        .string()
        .min(1)
        .regex(
          /^[A-Za-z_][A-Za-z0-9_]*$/,
          'a field name: letters, digits and "_", not starting with a digit',
        ),
      fn: z.enum(AGGREGATE_FUNCTIONS),
      /** The aggregated field; not needed by count. max_by and min_by return it (without it, the whole event). */
      field: z.string().optional().meta({ ui: 'field' }),
      /** max_by, min_by: the field that orders the events (the value comes from the largest or smallest). */
      by: z.string().optional().meta({
        ui: 'field',
        description: 'max_by / min_by: the field whose largest / smallest value picks the event.',
      }),
      /** percentile: the quantile in (0, 1), e.g. 0.99. */
      quantile: z.number().gt(0).lt(1).optional(),
      /** top_n: how many of the most frequent values; collect: the most values kept. */
      limit: z.number().int().min(1).max(10_000).optional(),
      /** Only events for which this condition holds are aggregated (SQL's FILTER (WHERE ...)): count where, sum where. */
      where: expression('condition', 'price < 10000')
        .optional()
        .meta({ description: 'Aggregate only events where this holds (count where, sum where, ...).' }),
    })
    .superRefine((a, ctx) => {
      const ordered = a.fn === 'max_by' || a.fn === 'min_by';
      if (a.fn !== 'count' && !ordered && !a.field)
        ctx.addIssue({ code: 'custom', path: ['field'], message: `${a.fn} needs a field` });
      if (ordered && !a.by)
        ctx.addIssue({ code: 'custom', path: ['by'], message: `${a.fn} needs a by field, e.g. price` });
      if (!ordered && a.by !== undefined)
        ctx.addIssue({ code: 'custom', path: ['by'], message: 'by applies to max_by and min_by only' });
      if (a.fn === 'percentile' && a.quantile === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['quantile'],
          message: 'percentile needs a quantile, e.g. 0.99',
        });
    });
export type Aggregation = z.infer<ReturnType<typeof aggregation>>;

/** Windows: how late data and early results are handled. */
export const windowTiming = {
  allowedLatenessMs: durationMs({
    description: 'Late events within this bound update the fired window.',
  }).default(0),
  earlyFireMs: durationMs({
    description: 'Emit partial results every N ms of processing time; 0 = off.',
  }).default(0),
  timeMode: timeMode(),
};

/** `${env:NAME}` (an environment variable) or `${secret:NAME}` (a name in `<dataDir>/secrets.json`). */
const SECRET_REFERENCE = '\\$\\{(?:env|secret):[A-Za-z_][A-Za-z0-9_]*\\}';

/**
 * A password or key: empty, or a `${env:NAME}` / `${secret:NAME}` reference that the server resolves
 * when a run starts. The secret itself never lives in the document (export and the API would hand it out).
 */
export const secretRef = () =>
  z
    .string()
    .regex(
      new RegExp(`^(${SECRET_REFERENCE})?$`),
      'write ${env:NAME} or ${secret:NAME} and set NAME on the server, never the secret itself',
    )
    .default('')
    .meta({
      ui: 'secret',
      description:
        '${env:NAME} (environment variable) or ${secret:NAME} (secrets.json in the data directory): resolved on the server when the run starts.',
    });

/** A broker or database URL; a password inside it must be a secret reference too. */
export const connectionUrl = (protocols: RegExp, example: string, error: string) =>
  z
    .string()
    .min(1, error)
    .refine((v) => protocols.test(v), error)
    .refine(
      (v) => !new RegExp(`^[a-z]+://[^/@:]*:(?!${SECRET_REFERENCE}@)[^/@]*@`, 'i').test(v),
      'a password in the URL must be ${env:NAME} or ${secret:NAME}: put it in the password param',
    )
    .default(example);
