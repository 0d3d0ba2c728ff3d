import { z } from 'zod';
import type { FieldSchema } from '../../expr/field-schema.js';
import { aggregation, keyBy, windowTiming } from '../params.js';
import { eventsIn, lateOut, out } from '../ports.js';
import { effectiveKey, input, windowResultSchema } from '../stream.js';
import type { ExpressionRef, FieldRef, StreamInfo } from '../types.js';

/** A window's (or running aggregate's) aggregations: at least one, each name once. */
export const aggregationList = () =>
  z
    .array(aggregation())
    .min(1, 'add at least one aggregation')
    .default([{ name: 'count', fn: 'count' }])
    .superRefine((aggs, ctx) => {
      const seen = new Set<string>();
      aggs.forEach((a, i) => {
        if (seen.has(a.name))
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${a.name}" is used twice` });
        seen.add(a.name);
      });
    });

/** Params every window kind has: key, aggregations, lateness, early firing, time mode. */
export const windowParams = {
  keyBy: keyBy(),
  aggregations: aggregationList(),
  ...windowTiming,
};

type WindowParams = {
  keyBy: string[];
  aggregations: z.infer<ReturnType<typeof aggregation>>[];
  timeMode: 'event' | 'processing';
};

/** Ports, schema inference and field checks shared by the window kinds. */
export const windowBehaviour = {
  inputs: () => [eventsIn()],
  outputs: () => [out(), lateOut()],
  inferOutputs: (p: WindowParams, inputs: Record<string, StreamInfo>) => {
    const upstream = input(inputs);
    const key = effectiveKey(p.keyBy, upstream);
    const schema: FieldSchema = windowResultSchema(upstream, key, p.aggregations);
    return {
      out: { schema, key: key.length > 0 ? key : null, eventTime: upstream.eventTime },
      late: upstream,
    };
  },
  fieldRefs: (p: WindowParams): FieldRef[] => [
    ...p.keyBy.map((field, i) => ({ path: `keyBy.${i}`, field, inputPort: 'in' })),
    ...p.aggregations.flatMap((a, i) => [
      ...(a.field ? [{ path: `aggregations.${i}.field`, field: a.field, inputPort: 'in' }] : []),
      ...(a.by ? [{ path: `aggregations.${i}.by`, field: a.by, inputPort: 'in' }] : []),
    ]),
  ],
  expressions: (p: WindowParams): ExpressionRef[] =>
    p.aggregations.flatMap((a, i) =>
      a.where
        ? [{ path: `aggregations.${i}.where`, source: a.where, inputPort: 'in', expect: 'boolean' as const }]
        : [],
    ),
  needsEventTime: (p: WindowParams) => p.timeMode === 'event',
};
