import { z } from 'zod';
import { expression } from '../params.js';
import { errorOut, eventsIn } from '../ports.js';
import { input } from '../stream.js';
import { defineKind } from '../types.js';

export const route = defineKind({
  kind: 'transform.route',
  category: 'transform',
  label: 'Route',
  description:
    'Sends each event to the port of the first condition it meets (or of every one, in mode "all"); the rest go to "unmatched".',
  params: z.object({
    routes: z
      .array(
        z.object({
          port: z
            .string()
            .regex(/^[a-z][a-z0-9_-]*$/, 'a port name: lower-case letters, digits, "-" and "_"'),
          condition: expression('condition'),
        }),
      )
      .min(1)
      .default([{ port: 'high', condition: 'true' }])
      .superRefine((routes, ctx) => {
        const seen = new Set<string>();
        routes.forEach((r, i) => {
          if (seen.has(r.port) || r.port === 'unmatched' || r.port === 'error')
            ctx.addIssue({
              code: 'custom',
              path: [i, 'port'],
              message: `port name "${r.port}" is already used`,
            });
          seen.add(r.port);
        });
      }),
    mode: z.enum(['first', 'all']).default('first'),
  }),
  inputs: () => [eventsIn()],
  outputs: (p) => [
    ...p.routes.map((r) => ({ id: r.port, label: r.port, type: 'events' as const, role: 'main' as const })),
    { id: 'unmatched', label: 'unmatched', type: 'events', role: 'main' },
    errorOut(),
  ],
  inferOutputs: (p, inputs) => {
    const upstream = input(inputs);
    return Object.fromEntries(
      [...p.routes.map((r) => r.port), 'unmatched', 'error'].map((port) => [port, upstream]),
    );
  },
  expressions: (p) =>
    p.routes.map((r, i) => ({
      path: `routes.${i}.condition`,
      source: r.condition,
      inputPort: 'in',
      expect: 'boolean' as const,
    })),
});

/** The params of route as the catalog parses them (defaults filled). */
export type RouteParams = z.output<typeof route.params>;
