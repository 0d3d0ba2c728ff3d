import { z } from 'zod';
import { out } from '../ports.js';
import { defineKind } from '../types.js';
import { declaredFields, declaredSchema } from './declared-fields.js';

export const websocketIngest = defineKind({
  kind: 'source.websocket-ingest',
  category: 'source',
  label: 'WebSocket ingest',
  description: 'Events sent as JSON messages to the websocket /api/ingest/<pipeline>/<node>/ws.',
  params: z.object({
    fields: declaredFields(),
    maxQueue: z.number().int().min(1).max(1_000_000).default(10_000),
  }),
  inputs: () => [],
  outputs: () => [out()],
  inferOutputs: (p) => ({ out: { schema: declaredSchema(p.fields), key: null, eventTime: false } }),
});
