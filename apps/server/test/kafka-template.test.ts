import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createGeneratorSource, createRun, runBounded, typedNode } from '@eventide/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from './helpers.js';
import {
  createTopic,
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

/** 5,000 logins of the generator's preset, as `pnpm kafka:logins` produces them. */
function logins(): Record<string, unknown>[] {
  const source = createGeneratorSource(
    typedNode('source.generator', {
      id: 'g',
      kind: 'source.generator',
      params: {
        preset: 'logins',
        ratePerSec: 200,
        keyCardinality: 20,
        failureRate: 0.4,
        limit: 5000,
        startTime: 1_700_000_000_000,
        pacing: 'max',
      },
    }),
  );
  const out: Record<string, unknown>[] = [];
  for (;;) {
    const { events, ended } = source.poll(1000, 0);
    out.push(...events);
    if (ended) return out;
  }
}

describe.runIf(await kafkaAvailable())('the Kafka brute-force-logins template', () => {
  const input = topicName('logins');
  const output = topicName('login-alerts');
  const events = logins();

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
