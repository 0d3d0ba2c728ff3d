import { z } from 'zod';
import { out } from '../ports.js';
import { defineKind } from '../types.js';
import { declaredFields, declaredSchema } from './declared-fields.js';

export const httpIngest = defineKind({
  kind: 'source.http-ingest',
  category: 'source',
  label: 'HTTP ingest',
  description:
    'Events POSTed to /api/ingest/<pipeline>/<node> as a JSON object, a JSON array or NDJSON. A full queue answers 429 with Retry-After; accepted events are never dropped.',
  params: z.object({
    fields: declaredFields(),
    maxQueue: z.number().int().min(1).max(1_000_000).default(10_000),
  }),
  inputs: () => [],
  outputs: () => [out()],
  inferOutputs: (p) => ({ out: { schema: declaredSchema(p.fields), key: null, eventTime: false } }),
});
