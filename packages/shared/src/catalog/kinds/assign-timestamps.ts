import { z } from 'zod';
import { durationMs, expression } from '../params.js';
import { errorOut, eventsIn, out } from '../ports.js';
import { input } from '../stream.js';
import { defineKind } from '../types.js';

export const assignTimestamps = defineKind({
  kind: 'time.assign-timestamps',
  category: 'time',
  label: 'Assign timestamps',
  description:
    'Gives events their event time and emits watermarks: max(event time seen) - max out-of-orderness. Events without a valid time go to the error port.',
  params: z.object({
    timestamp: expression('timestamp', 'ts').default('ts'),
    maxOutOfOrdernessMs: durationMs({ description: 'How late, in event time, an event may arrive.' }).default(
      1000,
    ),
    idleTimeoutMs: durationMs({
      description: 'An input silent this long stops holding back the watermark; 0 = never.',
    }).default(0),
  }),
  inputs: () => [eventsIn()],
  outputs: () => [out(), errorOut()],
  inferOutputs: (_p, inputs) => {
    const upstream = input(inputs);
    return { out: { ...upstream, eventTime: true }, error: upstream };
  },
  expressions: (p) => [{ path: 'timestamp', source: p.timestamp, inputPort: 'in' }],
});

/** The params of assignTimestamps as the catalog parses them (defaults filled). */
export type AssignTimestampsParams = z.output<typeof assignTimestamps.params>;
