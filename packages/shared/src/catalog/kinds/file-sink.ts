import { z } from 'zod';
import { anyIn } from '../ports.js';
import { defineKind } from '../types.js';

export const fileSink = defineKind({
  kind: 'sink.file',
  category: 'sink',
  label: 'File',
  description:
    'Appends results as JSON lines to a file in the data directory; lines are committed on checkpoint, so a restart never duplicates them.',
  params: z.object({
    path: z
      .string()
      .min(1, 'name a file in the data directory')
      .default('out/results.jsonl')
      .meta({ ui: 'path' }),
    format: z.enum(['jsonl']).default('jsonl'),
  }),
  inputs: () => [anyIn()],
  outputs: () => [],
  inferOutputs: () => ({}),
});

/** The params of fileSink as the catalog parses them (defaults filled). */
export type FileSinkParams = z.output<typeof fileSink.params>;
