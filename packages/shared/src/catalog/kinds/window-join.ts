import { z } from 'zod';
import { durationMs } from '../params.js';
import { defineKind } from '../types.js';
import { checkKeyArity, joinBehaviour, joinParams } from './join-common.js';

export const windowJoin = defineKind({
  kind: 'join.window-join',
  category: 'join',
  label: 'Window join',
  description:
    'Pairs left and right events with equal keys that fall in the same tumbling window; fires when the window closes.',
  params: z
    .object({ ...joinParams, sizeMs: durationMs({ min: 1 }).default(5000) })
    .superRefine(checkKeyArity),
  ...joinBehaviour({ window_start: 'number', window_end: 'number' }),
});

/** The params of windowJoin as the catalog parses them (defaults filled). */
export type WindowJoinParams = z.output<typeof windowJoin.params>;
