import { z } from 'zod';
import { expression } from '../params.js';
import { anyIn } from '../ports.js';
import { defineKind } from '../types.js';
import { kafkaConnection, kafkaTopic } from './kafka-common.js';

export const sinkKafkaParams = z.object({
  ...kafkaConnection,
  topic: kafkaTopic().default('results'),
  key: expression('value', 'user')
    .optional()
    .meta({ description: 'Message key (same key, same partition); none = the client spreads messages.' }),
  headers: z
    .array(
      z.object({
        name: z.string().min(1).max(256),
        expr: expression('value'),
      }),
    )
    .max(32)
    .default([])
    .meta({ description: 'Headers computed per result; values are sent as strings.' }),
  delivery: z.enum(['at-least-once', 'exactly-once']).default('at-least-once').meta({
    description:
      'exactly-once: one Kafka transaction per checkpoint, committed when the checkpoint completes; read it with isolation read_committed.',
  }),
});
export type SinkKafkaParams = z.infer<typeof sinkKafkaParams>;

export const sinkKafka = defineKind({
  kind: 'sink.kafka',
  category: 'sink',
  label: 'Kafka out',
  description:
    'Writes results as JSON messages to a Kafka topic, with a key and headers from expressions. Exactly-once delivery ties a Kafka transaction to each checkpoint.',
  params: sinkKafkaParams,
  inputs: () => [anyIn()],
  outputs: () => [],
  inferOutputs: () => ({}),
});
