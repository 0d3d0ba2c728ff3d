import { z } from 'zod';
import { durationMs } from '../params.js';
import { defineKind } from '../types.js';
import { windowBehaviour, windowParams } from './window-common.js';

export const session = defineKind({
  kind: 'window.session',
  category: 'window',
  label: 'Session window',
  description:
    'Each event opens [t, t + gap); overlapping sessions of a key merge. A session ends after a gap of inactivity.',
  params: z.object({
    gapMs: durationMs({ min: 1 }).default(30_000),
    ...windowParams,
  }),
  ...windowBehaviour,
});

/** The params of session as the catalog parses them (defaults filled). */
export type SessionParams = z.output<typeof session.params>;
