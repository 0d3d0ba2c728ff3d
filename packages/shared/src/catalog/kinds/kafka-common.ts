import { z } from 'zod';
import { secretRef } from '../params.js';

/** "host:port" pairs separated by commas, as every Kafka client takes them. */
const BROKER_LIST = /^\s*[A-Za-z0-9._-]+:\d{1,5}\s*(,\s*[A-Za-z0-9._-]+:\d{1,5}\s*)*$/;

/** A topic name as Kafka accepts it (legal characters, at most 249). */
export const kafkaTopic = () =>
  z
    .string()
    .min(1, 'name a topic')
    .max(249)
    .regex(/^[A-Za-z0-9._-]+$/, 'a topic name: letters, digits, ".", "_" and "-"');

/** Where the brokers are and how to log in; shared by source.kafka and sink.kafka. */
export const kafkaConnection = {
  bootstrapServers: z
    .string()
    .regex(BROKER_LIST, 'host:port of one or more brokers, separated by commas')
    .default('127.0.0.1:19092')
    .meta({ description: 'host:port of one or more brokers, separated by commas.' }),
  sasl: z
    .object({
      mechanism: z.enum(['none', 'plain', 'scram-sha-256', 'scram-sha-512']).default('none'),
      username: z.string().max(256).default(''),
      password: secretRef(),
    })
    .default({ mechanism: 'none', username: '', password: '' })
    .meta({ description: 'SASL login; the password is a ${env:NAME} reference resolved on the server.' }),
};

/** Splits a bootstrapServers param into the list the client takes. */
export function brokerList(bootstrapServers: string): string[] {
  return bootstrapServers
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
}
