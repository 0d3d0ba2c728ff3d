import { z } from 'zod';
import { out } from '../ports.js';
import { defineKind, type NodeKindSpec } from '../types.js';
import { declaredFields, declaredSchema } from './declared-fields.js';

/**
 * A source that clients push events into (over HTTP or a websocket): fields declared by the user,
 * a bounded queue, processing time until an assign-timestamps node follows.
 */
export function ingestKind(kind: string, label: string, description: string): NodeKindSpec {
  return defineKind({
    kind,
    category: 'source',
    label,
    description,
    params: z.object({
      fields: declaredFields(),
      maxQueue: z.number().int().min(1).max(1_000_000).default(10_000),
    }),
    inputs: () => [],
    outputs: () => [out()],
    inferOutputs: (p) => ({ out: { schema: declaredSchema(p.fields), key: null, eventTime: false } }),
  });
}
