import { z } from 'zod';
import { durationMs } from '../params.js';
import { defineKind } from '../types.js';
import { windowBehaviour, windowParams } from './window-common.js';

export const sliding = defineKind({
  kind: 'window.sliding',
  category: 'window',
  label: 'Sliding window',
  description:
    'Overlapping windows of a size, one starting every slide; an event belongs to each window that holds it.',
  params: z
    .object({
      sizeMs: durationMs({ min: 1 }).default(10_000),
      slideMs: durationMs({ min: 1 }).default(5000),
      offsetMs: durationMs().default(0),
      ...windowParams,
    })
    .superRefine((p, ctx) => {
      if (p.slideMs > p.sizeMs)
        ctx.addIssue({ code: 'custom', path: ['slideMs'], message: 'slide must not exceed size' });
      if (p.sizeMs / p.slideMs > 1000)
        ctx.addIssue({
          code: 'custom',
          path: ['slideMs'],
          message: 'size / slide over 1000: each event would be in too many windows',
        });
    }),
  ...windowBehaviour,
});

/** The params of sliding as the catalog parses them (defaults filled). */
export type SlidingParams = z.output<typeof sliding.params>;
