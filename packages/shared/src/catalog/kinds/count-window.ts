import { z } from 'zod';
import { defineKind } from '../types.js';
import { countWindowMigrations } from './count-window.migrations.js';
import { windowBehaviour, windowParams } from './window-common.js';

export const countWindow = defineKind({
  kind: 'window.count',
  category: 'window',
  label: 'Count window',
  description:
    'Windows of N events per key, sliding by `slideEvents` events. window_start and window_end are the time of the first event and just after the last.',
  paramsMigrations: countWindowMigrations,
  params: z
    .object({
      sizeEvents: z.number().int().min(1).max(1_000_000).default(100),
      slideEvents: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .optional()
        .meta({ description: 'Events between window starts; default = sizeEvents (tumbling).' }),
      ...windowParams,
    })
    .superRefine((p, ctx) => {
      if (p.slideEvents !== undefined && p.slideEvents > p.sizeEvents)
        ctx.addIssue({
          code: 'custom',
          path: ['slideEvents'],
          message: 'slideEvents must not exceed sizeEvents',
        });
    }),
  ...windowBehaviour,
  // Counting needs no clock: a count window fires on its N-th event whatever the time mode.
  needsEventTime: () => false,
});

/** The params of countWindow as the catalog parses them (defaults filled). */
export type CountWindowParams = z.output<typeof countWindow.params>;
