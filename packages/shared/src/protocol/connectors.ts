/** The wire types of "Test connection" and "Peek" (POST /api/connectors/test and /peek). */

/** GET /api/connectors: a kind the server can test (and peek at). */
export interface ConnectorKindInfo {
  kind: string;
  test: boolean;
  peek: boolean;
}

/** The outcome of a connection test, in words; `ok: false` is an answer, not a request error. */
export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

export interface PeekedMessage {
  /** Where it came from (an MQTT topic, a Kafka topic/partition). */
  source: string;
  /** The payload as an event, or absent when it was not a JSON object (see error). */
  event?: Record<string, unknown>;
  /** Why the payload is not an event (its text is in raw). */
  error?: string;
  raw?: string;
  /** A retained message (MQTT): the broker's last value, not a new one. */
  retained?: boolean;
}

/** A field seen in peeked events, with the type to declare for it. */
export interface PeekedField {
  name: string;
  type: 'number' | 'string' | 'boolean' | 'list' | 'map' | 'any';
}

export interface PeekResponse extends ConnectionTestResult {
  messages: PeekedMessage[];
  /** The events' fields with inferred types, to fill the node's declared fields. */
  fields: PeekedField[];
}
