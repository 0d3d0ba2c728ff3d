import { z } from 'zod';
import { durationMs } from '../params.js';
import { eventsIn } from '../ports.js';
import { input } from '../stream.js';
import { defineKind } from '../types.js';

export const microBatch = defineKind({
  kind: 'transform.micro-batch',
  category: 'transform',
  label: 'Micro-batch',
  description: 'Groups events into arrays by count or processing time, for sinks that write in bulk.',
  params: z.object({
    maxEvents: z.number().int().min(1).max(100_000).default(100),
    maxDelayMs: durationMs().default(1000),
  }),
  inputs: () => [eventsIn()],
  outputs: () => [{ id: 'out', label: 'batches', type: 'batches', role: 'main' }],
  inferOutputs: (_p, inputs) => ({ out: input(inputs) }),
});

/** The params of microBatch as the catalog parses them (defaults filled). */
export type MicroBatchParams = z.output<typeof microBatch.params>;
