import { z } from 'zod';
import { expression } from '../params.js';
import { errorOut, eventsIn, out } from '../ports.js';
import { input } from '../stream.js';
import { defineKind } from '../types.js';

export const filter = defineKind({
  kind: 'transform.filter',
  category: 'transform',
  label: 'Filter',
  description: 'Keeps the events for which the condition is true.',
  params: z.object({ condition: expression('condition', 'temperature > 30').default('true') }),
  inputs: () => [eventsIn()],
  outputs: () => [out(), errorOut()],
  inferOutputs: (_p, inputs) => ({ out: input(inputs), error: input(inputs) }),
  expressions: (p) => [{ path: 'condition', source: p.condition, inputPort: 'in', expect: 'boolean' }],
});

/** The params of filter as the catalog parses them (defaults filled). */
export type FilterParams = z.output<typeof filter.params>;
