import { z } from 'zod';
import { anyIn } from '../ports.js';
import { defineKind } from '../types.js';

export const websocketOut = defineKind({
  kind: 'sink.websocket-out',
  category: 'sink',
  label: 'WebSocket out',
  description:
    'Publishes results on a named public channel: clients subscribe on /api/live to the channel name.',
  params: z.object({
    channel: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'a channel name: lower-case letters, digits, ".", "-" and "_"')
      .default('results'),
  }),
  inputs: () => [anyIn()],
  outputs: () => [],
  inferOutputs: () => ({}),
});

/** The params of websocketOut as the catalog parses them (defaults filled). */
export type WebsocketOutParams = z.output<typeof websocketOut.params>;
