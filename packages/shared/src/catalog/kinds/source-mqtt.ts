import { z } from 'zod';
import { errorOut, out } from '../ports.js';
import { defineKind } from '../types.js';
import { declaredFields, declaredSchema } from './declared-fields.js';
import { mqttConnection, topicFilterProblem } from './mqtt-common.js';

export const sourceMqttParams = z
  .object({
    ...mqttConnection,
    topics: z
      .array(
        z.string().superRefine((t, ctx) => {
          const problem = topicFilterProblem(t);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      )
      .min(1, 'subscribe to at least one topic filter')
      .max(32)
      .default(['sensors/#']),
    cleanSession: z.boolean().default(true).meta({
      description:
        'false: a persistent session under clientId; the broker keeps QoS 1/2 messages while the run is away.',
    }),
    clientId: z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-"')
      .default(''),
    topicField: z
      .string()
      .max(64)
      .default('topic')
      .meta({ description: 'Field that receives the message topic; empty = none.' }),
    maxBuffer: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(10_000)
      .meta({ description: 'Messages held before the client stops reading from the broker (backpressure).' }),
    fields: declaredFields(),
  })
  .superRefine((p, ctx) => {
    if (!p.cleanSession && p.clientId === '')
      ctx.addIssue({
        code: 'custom',
        path: ['clientId'],
        message: 'a persistent session (cleanSession: false) needs a client id',
      });
  });
export type SourceMqttParams = z.infer<typeof sourceMqttParams>;

export const sourceMqtt = defineKind({
  kind: 'source.mqtt',
  category: 'source',
  label: 'MQTT in',
  description:
    'Subscribes to MQTT topic filters (+ and # wildcards) and emits each JSON object payload as an event, with its topic in a field. Malformed payloads go to the error port. A lost broker is retried with backoff.',
  params: sourceMqttParams,
  inputs: () => [],
  outputs: () => [out(), errorOut()],
  inferOutputs: (p) => {
    const schema = declaredSchema(p.fields);
    if (p.topicField !== '') schema.fields[p.topicField] = 'string';
    return {
      out: { schema, key: null, eventTime: false },
      error: {
        schema: { fields: { topic: 'string', payload: 'string', error: 'string' }, open: false },
        key: null,
        eventTime: false,
      },
    };
  },
});
