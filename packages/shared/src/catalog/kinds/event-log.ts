import { z } from 'zod';
import { defineKind } from '../types.js';
import { panelBehaviour } from './panel-common.js';

export const eventLog = defineKind({
  kind: 'sink.event-log',
  category: 'sink',
  label: 'Event log',
  description: 'A dashboard log of raw events as they arrive, newest first.',
  panel: 'event-log',
  params: z.object({ maxEvents: z.number().int().min(1).max(10_000).default(200) }),
  ...panelBehaviour(() => []),
});

/** The params of eventLog as the catalog parses them (defaults filled). */
export type EventLogParams = z.output<typeof eventLog.params>;
