import { describe, expect, it } from 'vitest';
import { useTestServer } from './helpers.js';
import { createTopic, KAFKA, kafkaAvailable, produce, topicName } from './kafka-helpers.js';

const up = await kafkaAvailable();

const { call } = useTestServer();

const post = async (url: string, payload: Record<string, unknown>) => {
  const res = await call({ method: 'POST', url, payload });
  return { status: res.statusCode, body: res.json() };
};

describe.skipIf(!up)('Kafka: Test connection and Peek against the broker', () => {
  it('says the topic exists, names a missing one, and names an unreachable broker', async () => {
    const topic = topicName('check');
    await createTopic(topic, 2);
    const ok = await post('/api/connectors/test', {
      kind: 'source.kafka',
      params: { bootstrapServers: KAFKA, topics: [topic] },
    });
    expect(ok.body).toEqual({ ok: true, message: `connected to ${KAFKA}; topic ${topic} found` });
    const missing = await post('/api/connectors/test', {
      kind: 'sink.kafka',
      params: { bootstrapServers: KAFKA, topic: 'no-such-topic-here' },
    });
    expect(missing.body).toEqual({
      ok: false,
      message: `connected to ${KAFKA}, but the broker has no topic no-such-topic-here`,
    });
    const down = await post('/api/connectors/test', {
      kind: 'source.kafka',
      params: { bootstrapServers: '127.0.0.1:19099', topics: [topic] },
    });
    expect(down.body.ok).toBe(false);
    expect(down.body.message).toMatch(/^cannot reach the broker at 127\.0\.0\.1:19099/);
  });

  it('peeks the latest messages with their fields; a malformed one is marked', async () => {
    const topic = topicName('peek');
    await createTopic(topic, 1);
    await produce(topic, [
      ...Array.from({ length: 8 }, (_, i) => ({
        value: JSON.stringify({ user: `u${i}`, attempts: i, ts: 1000 + i }),
      })),
      { value: 'not json' },
    ]);
    const r = await post('/api/connectors/peek', {
      kind: 'source.kafka',
      params: { bootstrapServers: KAFKA, topics: [topic] },
    });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
    const events = r.body.messages.filter((m: { event?: unknown }) => m.event);
    expect(events.length).toBeGreaterThan(0);
    expect(r.body.messages.some((m: { error?: string }) => m.error?.startsWith('value is not JSON'))).toBe(
      true,
    );
    expect(r.body.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'user', type: 'string' }),
        expect.objectContaining({ name: 'attempts', type: 'number' }),
      ]),
    );
  });
});
