import { z } from 'zod';
import { out } from '../ports.js';
import { input } from '../stream.js';
import { defineKind } from '../types.js';

export const union = defineKind({
  kind: 'transform.union',
  category: 'transform',
  label: 'Union',
  description: 'Merges several streams into one; its watermark is the minimum of its inputs.',
  params: z.object({}),
  inputs: () => [{ id: 'in', label: 'in', accepts: ['events'], multiple: true, required: true }],
  outputs: () => [out()],
  // The validator already merges the streams of every edge arriving on a port into one.
  inferOutputs: (_p, inputs) => ({ out: input(inputs) }),
});

/** The params of union as the catalog parses them (defaults filled). */
export type UnionParams = z.output<typeof union.params>;
