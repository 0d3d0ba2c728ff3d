import { z } from 'zod';
import { defineKind } from '../types.js';
import { windowBehaviour, windowParams } from './window-common.js';

export const countWindow = defineKind({
  kind: 'window.count',
  category: 'window',
  label: 'Count window',
  description:
    'Windows of N events per key, sliding by `slide` events. window_start and window_end are the time of the first event and just after the last.',
  params: z
    .object({
      size: z.number().int().min(1).max(1_000_000).default(100),
      slide: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .optional()
        .meta({ description: 'Events between window starts; default = size (tumbling).' }),
      ...windowParams,
    })
    .superRefine((p, ctx) => {
      if (p.slide !== undefined && p.slide > p.size)
        ctx.addIssue({ code: 'custom', path: ['slide'], message: 'slide must not exceed size' });
    }),
  ...windowBehaviour,
  // Counting needs no clock: a count window fires on its N-th event whatever the time mode.
  needsEventTime: () => false,
});
