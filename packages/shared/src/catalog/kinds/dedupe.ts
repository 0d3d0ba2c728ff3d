import { z } from 'zod';
import { durationMs, keyBy, timeMode } from '../params.js';
import { eventsIn, out } from '../ports.js';
import { input } from '../stream.js';
import { defineKind } from '../types.js';

export const dedupe = defineKind({
  kind: 'transform.dedupe',
  category: 'transform',
  label: 'Dedupe',
  description: 'Drops an event when one with the same key fields was seen within the time span.',
  params: z.object({
    keyBy: keyBy().meta({
      ui: 'fields',
      description: 'Fields that identify a duplicate; empty compares whole events.',
    }),
    withinMs: durationMs({ min: 1 }).default(60_000),
    timeMode: timeMode(),
  }),
  inputs: () => [eventsIn()],
  outputs: () => [out()],
  inferOutputs: (_p, inputs) => ({ out: input(inputs) }),
  fieldRefs: (p) => p.keyBy.map((field, i) => ({ path: `keyBy.${i}`, field, inputPort: 'in' })),
  needsEventTime: (p) => p.timeMode === 'event',
});

/** The params of dedupe as the catalog parses them (defaults filled). */
export type DedupeParams = z.output<typeof dedupe.params>;
