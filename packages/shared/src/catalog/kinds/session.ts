import { z } from 'zod';
import { durationMs, expression } from '../params.js';
import type { ExpressionRef } from '../types.js';
import { defineKind } from '../types.js';
import { sessionMigrations } from './session.migrations.js';
import { windowBehaviour, windowParams } from './window-common.js';

export const session = defineKind({
  kind: 'window.session',
  category: 'window',
  label: 'Session window',
  description:
    'Each event opens [t, t + gap); overlapping sessions of a key merge. A session ends after a gap of inactivity.',
  paramsMigrations: sessionMigrations,
  params: z.object({
    gapMs: durationMs({
      min: 1,
      description: 'Inactivity that closes a session; dynamicGap, when set, replaces it.',
    }).default(30_000),
    dynamicGap: expression('value', 'expires - dateTime').optional().meta({
      description:
        "Each event's own gap in ms (Flink's withDynamicGap), e.g. expires - dateTime; empty: gapMs for every event. A gap of 0 adds no time: the event joins a session that holds or touches its time, else stands alone.",
    }),
    ...windowParams,
  }),
  ...windowBehaviour,
  expressions: (p): ExpressionRef[] => [
    ...(p.dynamicGap
      ? [{ path: 'dynamicGap', source: p.dynamicGap, inputPort: 'in', expect: 'number' as const }]
      : []),
    ...windowBehaviour.expressions(p),
  ],
});

/** The params of session as the catalog parses them (defaults filled). */
export type SessionParams = z.output<typeof session.params>;
