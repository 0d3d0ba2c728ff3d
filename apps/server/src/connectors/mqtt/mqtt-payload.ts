import type { Event } from '@eventide/engine';

export type ParsedMessage = { event: Event } | { error: Event };

const ERROR_PAYLOAD_CHARS = 1_000;

/** A JSON object payload as an event (with its topic in `topicField`), or the error-port event saying why not. */
export function parseMqttMessage(topic: string, payload: Uint8Array, topicField: string): ParsedMessage {
  const text = Buffer.from(payload).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: malformed(topic, text, `payload is not JSON: ${(e as Error).message}`) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: malformed(topic, text, 'payload is JSON but not an object') };
  const event: Event = { ...(value as Record<string, unknown>) };
  if (topicField !== '') event[topicField] = topic;
  return { event };
}

function malformed(topic: string, text: string, error: string): Event {
  return { topic, payload: text.slice(0, ERROR_PAYLOAD_CHARS), error };
}
