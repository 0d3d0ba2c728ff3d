import { z } from 'zod';
import { out } from '../ports.js';
import { defineKind } from '../types.js';
import { declaredFields, declaredSchema } from './declared-fields.js';

export const fileReplay = defineKind({
  kind: 'source.file-replay',
  category: 'source',
  label: 'File replay',
  description:
    'Replays a JSONL or CSV file from the data directory, as fast as possible, in real time, or N times faster: history through the same pipeline.',
  params: z.object({
    path: z
      .string()
      .min(1, 'name a file in the data directory')
      .default('input/events.jsonl')
      .meta({ ui: 'path' }),
    format: z.enum(['jsonl', 'csv']).default('jsonl'),
    speed: z
      .union([z.literal('max'), z.literal('realtime'), z.number().positive()])
      .default('max')
      .meta({ description: '"max", "realtime", or a factor N (N x real time).' }),
    timeField: z
      .string()
      .default('ts')
      .meta({ ui: 'field', description: 'Field with the epoch-ms time that paces real-time replay.' }),
    fields: declaredFields(),
  }),
  inputs: () => [],
  outputs: () => [out()],
  inferOutputs: (p) => ({ out: { schema: declaredSchema(p.fields), key: null, eventTime: false } }),
});

/** The params of fileReplay as the catalog parses them (defaults filled). */
export type FileReplayParams = z.output<typeof fileReplay.params>;
