import { z } from 'zod';
import { defineKind } from '../types.js';
import { checkKeyArity, joinBehaviour, joinParams } from './join-common.js';

export const intervalJoin = defineKind({
  kind: 'join.interval-join',
  category: 'join',
  label: 'Interval join',
  description:
    'Pairs each left event with the right events of equal key whose time lies in [left + lower, left + upper].',
  params: z
    .object({
      ...joinParams,
      lowerBoundMs: z.number().int().default(-5000).meta({ ui: 'duration', unit: 'ms' }),
      upperBoundMs: z.number().int().default(5000).meta({ ui: 'duration', unit: 'ms' }),
    })
    .superRefine((p, ctx) => {
      checkKeyArity(p, ctx);
      if (p.lowerBoundMs > p.upperBoundMs)
        ctx.addIssue({
          code: 'custom',
          path: ['upperBoundMs'],
          message: 'upper bound must not be below lower bound',
        });
    }),
  ...joinBehaviour({}),
});

/** The params of intervalJoin as the catalog parses them (defaults filled). */
export type IntervalJoinParams = z.output<typeof intervalJoin.params>;
