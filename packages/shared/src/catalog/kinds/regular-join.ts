import { z } from 'zod';
import { durationMs } from '../params.js';
import { defineKind } from '../types.js';
import { checkKeyArity, joinBehaviour, joinParams } from './join-common.js';

/** The params of join.regular, exported so the engine parses a node with this schema once. */
export const regularJoinParams = z
  .object({
    ...joinParams,
    type: z.enum(['inner', 'left']).default('inner').meta({
      description:
        'inner: matched pairs only; left: also each left event that matched nothing within the TTL, with the right fields null.',
    }),
    ttlMs: durationMs({
      min: 1,
      description:
        'State time-to-live: an event joins the other side’s events less than this apart in time, and leaves the state once the watermark is that far past it.',
    }).default(3_600_000),
  })
  .superRefine(checkKeyArity);
export type RegularJoinParams = z.infer<typeof regularJoinParams>;

export const regularJoin = defineKind({
  kind: 'join.regular',
  category: 'join',
  label: 'Regular join',
  description:
    'Pairs left and right events of equal key as they arrive (SQL’s JOIN without a window), with a state TTL: each pair once, when its second event arrives; a left join also emits the left events that found no match before their TTL ran out.',
  params: regularJoinParams,
  ...joinBehaviour({}),
});
