import { z } from 'zod';
import { connectionUrl, secretRef } from '../params.js';

/** Connection params shared by source.mqtt and sink.mqtt. */
export const mqttConnection = {
  url: connectionUrl(
    /^(mqtts?|wss?):\/\/[^\s]+$/i,
    'mqtt://127.0.0.1:11883',
    'an mqtt://, mqtts://, ws:// or wss:// broker URL',
  ),
  username: z.string().max(200).default(''),
  password: secretRef(),
  // A number (not a union of literals) so the inspector shows a number field.
  qos: z
    .number()
    .int('0, 1 or 2')
    .min(0, '0, 1 or 2')
    .max(2, '0, 1 or 2')
    .default(1)
    .meta({ description: '0 at most once, 1 at least once, 2 exactly once between client and broker.' }),
};

/** Why an MQTT topic filter is invalid (`+` and `#` only as whole levels, `#` last), or undefined. */
export function topicFilterProblem(filter: string): string | undefined {
  if (filter === '') return 'a topic filter must not be empty';
  const levels = filter.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1))
      return '"#" must be a whole level and the last one, e.g. sensors/#';
    if (level.includes('+') && level !== '+') return '"+" must be a whole level, e.g. sensors/+/temperature';
  }
  return undefined;
}

/** Why a topic to publish to is invalid (no wildcards), or undefined. */
export function topicNameProblem(topic: string): string | undefined {
  if (topic === '') return 'a topic must not be empty';
  if (/[+#]/.test(topic)) return 'a topic to publish to cannot contain "+" or "#"';
  return undefined;
}

/** The QoS param as the MQTT client's type. */
export function mqttQos(q: number): 0 | 1 | 2 {
  return q <= 0 ? 0 : q >= 2 ? 2 : 1;
}
