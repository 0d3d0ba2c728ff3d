import { z } from 'zod';
import { errorOut, out } from '../ports.js';
import { defineKind } from '../types.js';
import { declaredFields, declaredSchema } from './declared-fields.js';
import { kafkaConnection, kafkaTopic } from './kafka-common.js';

const fieldParam = (description: string, fallback: string) =>
  z
    .string()
    .max(64)
    .regex(/^([A-Za-z_][A-Za-z0-9_]*)?$/, 'a field name, or empty for none')
    .default(fallback)
    .meta({ description });

export const sourceKafkaParams = z
  .object({
    ...kafkaConnection,
    topics: z.array(kafkaTopic()).min(1, 'read at least one topic').max(64).default(['events']),
    group: z.string().min(1, 'name the consumer group').max(249).default('eventide').meta({
      description: 'Consumer group: offsets are committed to it after each checkpoint (lag monitoring).',
    }),
    startFrom: z.enum(['earliest', 'latest', 'committed', 'timestamp']).default('earliest').meta({
      description:
        'Where a fresh run starts; a run restored from a checkpoint always continues at its offsets. committed falls back to earliest.',
    }),
    startTimestamp: z.number().int().min(0).default(0).meta({
      description:
        'With startFrom "timestamp": epoch ms; each partition starts at the first message at or after it.',
    }),
    format: z.enum(['json', 'csv', 'raw']).default('json'),
    csvColumns: z
      .array(z.string().min(1))
      .max(256)
      .default([])
      .meta({ description: 'CSV: the column names, in order (messages carry no header).' }),
    valueField: fieldParam('raw: the field that receives the message value as a string.', 'value'),
    keyField: fieldParam('Field that receives the message key as a string; empty = none.', ''),
    headersField: fieldParam('Field that receives the headers as an object of strings; empty = none.', ''),
    bounded: z.boolean().default(false).meta({
      description: 'Stop at the end offsets seen at start (replay a topic with `eventide run`).',
    }),
    history: z.string().max(1024).default('').meta({
      ui: 'path',
      description:
        'History, then live (Kappa): a JSONL file in the data directory read first, then the topics continue as one stream; empty = topics only.',
    }),
    maxBuffer: z
      .number()
      .int()
      .min(100)
      .max(1_000_000)
      .default(20_000)
      .meta({ description: 'Messages held before fetching pauses (backpressure).' }),
    fields: declaredFields(),
  })
  .superRefine((p, ctx) => {
    if (p.format === 'csv' && p.csvColumns.length === 0)
      ctx.addIssue({ code: 'custom', path: ['csvColumns'], message: 'CSV messages need their column names' });
    if (p.format === 'raw' && p.valueField === '')
      ctx.addIssue({ code: 'custom', path: ['valueField'], message: 'raw values need a field to go into' });
    if (p.startFrom === 'timestamp' && p.startTimestamp === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['startTimestamp'],
        message: 'startFrom "timestamp" needs an epoch-ms time',
      });
    if (p.sasl.mechanism !== 'none' && p.sasl.username === '')
      ctx.addIssue({ code: 'custom', path: ['sasl', 'username'], message: 'SASL needs a user name' });
  });
export type SourceKafkaParams = z.infer<typeof sourceKafkaParams>;

export const sourceKafka = defineKind({
  kind: 'source.kafka',
  category: 'source',
  label: 'Kafka in',
  description:
    'Reads Kafka topics (JSON, CSV or raw values; key and headers into fields). Offsets are part of the checkpoint; watermarks are kept per partition. Malformed messages go to the error port; a lost broker is retried.',
  params: sourceKafkaParams,
  inputs: () => [],
  outputs: () => [out(), errorOut()],
  inferOutputs: (p) => {
    const schema = declaredSchema(p.fields);
    if (p.format === 'csv') for (const c of p.csvColumns) schema.fields[c] ??= 'any';
    if (p.format === 'raw') schema.fields[p.valueField] = 'string';
    if (p.keyField !== '') schema.fields[p.keyField] = 'string';
    if (p.headersField !== '') schema.fields[p.headersField] = 'map';
    return {
      out: { schema, key: null, eventTime: false },
      error: {
        schema: {
          fields: {
            topic: 'string',
            partition: 'number',
            offset: 'string',
            value: 'string',
            error: 'string',
          },
          open: false,
        },
        key: null,
        eventTime: false,
      },
    };
  },
});
