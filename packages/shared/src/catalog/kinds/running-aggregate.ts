import { z } from 'zod';
import type { FieldSchema, FieldType } from '../../expr/field-schema.js';
import { durationMs, keyBy, timeMode } from '../params.js';
import { eventsIn, lateOut, out } from '../ports.js';
import { aggregateType, effectiveKey, input } from '../stream.js';
import { defineKind } from '../types.js';
import { aggregationList, windowBehaviour } from './window-common.js';

/**
 * SQL's OVER (PARTITION BY key ORDER BY time RANGE UNBOUNDED PRECEDING): no window, an append-only
 * running total; stateTtlMs bounds the state of a key space that keeps growing. Flink runs it the
 * same way (rows wait for the watermark, then go in time order), so a replay or a parallel run gives
 * the same rows; the updating GROUP BY it stands in for would not.
 */
export const runningAggregate = defineKind({
  kind: 'window.running',
  category: 'window',
  label: 'Running aggregate',
  description:
    'No window: each event comes out with the aggregations over every event of its key up to its time (SQL’s OVER … RANGE UNBOUNDED PRECEDING). Events wait for the watermark and go in event-time order; events of one time share their value.',
  params: z.object({
    keyBy: keyBy(),
    aggregations: aggregationList(),
    stateTtlMs: durationMs({
      description:
        "A key with no event for this long starts over: an event this long or more after its key's last one finds the totals empty, and the totals of a key the watermark has passed by this much are dropped (Flink's state TTL, in event time). 0: every key's totals are kept for the run.",
    }).default(0),
    timeMode: timeMode(),
  }),
  inputs: () => [eventsIn()],
  outputs: () => [out(), lateOut()],
  inferOutputs: (p, inputs) => {
    const upstream = input(inputs);
    const key = effectiveKey(p.keyBy, upstream);
    const fields: Record<string, FieldType> = { ...upstream.schema.fields };
    for (const a of p.aggregations) fields[a.name] = aggregateType(a, upstream.schema);
    const schema: FieldSchema = { fields, open: upstream.schema.open };
    return {
      out: { schema, key: key.length > 0 ? key : null, eventTime: upstream.eventTime },
      late: upstream,
    };
  },
  fieldRefs: windowBehaviour.fieldRefs,
  expressions: windowBehaviour.expressions,
  needsEventTime: (p) => p.timeMode === 'event',
});

/** The params of runningAggregate as the catalog parses them (defaults filled). */
export type RunningAggregateParams = z.output<typeof runningAggregate.params>;
