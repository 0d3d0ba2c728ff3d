import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRun, runBounded } from '@eventide/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers.js';
import {
  createTopic,
  generatedLogins,
  kafkaAvailable,
  produce,
  quietConnectors,
  readAll,
  topicName,
} from './kafka-helpers.js';

interface Doc {
  nodes: { id: string; kind: string; params: Record<string, unknown> }[];
  edges: unknown[];
}

describe.runIf(await kafkaAvailable())('the Kafka brute-force-logins template', () => {
  const input = topicName('logins');
  const output = topicName('login-alerts');
  const events = generatedLogins({ limit: 5000, keyCardinality: 20, failureRate: 0.4 });

  beforeAll(async () => {
    await createTopic(input, 4);
    await createTopic(output, 1);
    await produce(
      input,
      events.map((e) => ({ key: String(e.user), value: JSON.stringify(e) })),
    );
  }, 60_000);

  it('reads logins from Kafka and writes the same alerts to Kafka as the CEP pipeline over the same logins', async () => {
    const doc = JSON.parse(readFileSync(path.join(EXAMPLES, 'kafka-brute-force-logins.json'), 'utf8')) as Doc;
    for (const n of doc.nodes) {
      if (n.kind === 'source.kafka') n.params = { ...n.params, topics: [input], bounded: true };
      if (n.kind === 'sink.kafka') n.params = { ...n.params, topic: output };
    }
    const c = quietConnectors({ runId: `template-${input}` });
    const run = createRun(doc, { sources: c.sources, sinkFor: c.sinkFor });
    run.start();
    expect(await run.done).toEqual({ state: 'finished' });

    // The same CEP pattern over the same events, without Kafka.
    const reference = structuredClone(doc);
    reference.nodes = reference.nodes.map((n) =>
      n.kind === 'source.kafka' ? { ...n, kind: 'source.file-replay', params: {} } : n,
    );
    const expected =
      (await runBounded(reference, { inputs: { logins: events } })).outputs['alerts-topic'] ?? [];
    expect(expected.length).toBeGreaterThan(10);
    const key = (a: Record<string, unknown>) => `${a.user}@${a.start}`;
    const alerts = (await readAll(output)) as Record<string, unknown>[];
    expect(alerts.map(key).sort()).toEqual(expected.map(key).sort());
    expect(alerts.every((a) => a.attempts === 3)).toBe(true);
  }, 60_000);
});
