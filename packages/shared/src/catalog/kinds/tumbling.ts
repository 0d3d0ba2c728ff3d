import { z } from 'zod';
import { durationMs } from '../params.js';
import { defineKind } from '../types.js';
import { windowBehaviour, windowParams } from './window-common.js';

export const tumbling = defineKind({
  kind: 'window.tumbling',
  category: 'window',
  label: 'Tumbling window',
  description: 'Fixed, non-overlapping windows [start, start + size), aligned to offset.',
  params: z.object({
    sizeMs: durationMs({ min: 1 }).default(5000),
    offsetMs: durationMs().default(0),
    ...windowParams,
  }),
  ...windowBehaviour,
});

/** The params of tumbling as the catalog parses them (defaults filled). */
export type TumblingParams = z.output<typeof tumbling.params>;
