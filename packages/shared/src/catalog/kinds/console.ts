import { z } from 'zod';
import { anyIn } from '../ports.js';
import { defineKind } from '../types.js';

export const consoleSink = defineKind({
  kind: 'sink.console',
  category: 'sink',
  label: 'Console',
  description:
    "Prints results to the server log (or the command line's standard output), one JSON line each.",
  params: z.object({ prefix: z.string().max(40).default('') }),
  inputs: () => [anyIn()],
  outputs: () => [],
  inferOutputs: () => ({}),
});

/** The params of consoleSink as the catalog parses them (defaults filled). */
export type ConsoleSinkParams = z.output<typeof consoleSink.params>;
