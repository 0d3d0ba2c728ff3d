import { z } from 'zod';
import { anyIn } from '../ports.js';
import { defineKind } from '../types.js';
import { mqttConnection, topicNameProblem } from './mqtt-common.js';

export const sinkMqttParams = z.object({
  ...mqttConnection,
  topic: z
    .string()
    .superRefine((t, ctx) => {
      const problem = topicNameProblem(t);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default('eventide/results'),
  topicField: z
    .string()
    .max(64)
    .default('')
    .meta({ ui: 'field', description: 'A field holding the topic of each result; empty = always topic.' }),
  retain: z.boolean().default(false),
  clientId: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-"')
    .default(''),
  maxQueue: z.number().int().min(1).max(1_000_000).default(100_000),
});
export type SinkMqttParams = z.infer<typeof sinkMqttParams>;

export const sinkMqtt = defineKind({
  kind: 'sink.mqtt',
  category: 'sink',
  label: 'MQTT out',
  description:
    'Publishes each result as a JSON payload to an MQTT topic, or to the topic named by a field of the result. A lost broker is retried with backoff; results wait in a bounded queue meanwhile.',
  params: sinkMqttParams,
  inputs: () => [anyIn()],
  outputs: () => [],
  inferOutputs: () => ({}),
});
