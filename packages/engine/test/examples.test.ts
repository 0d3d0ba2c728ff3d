import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRun, describeTestResult, ENGINE_SOURCES, runPipelineTests } from '../src/index.js';
import { manualClock } from './helpers.js';

const dir = join(import.meta.dirname, '../../../examples');
// examples/ and its folders (examples/nexmark/).
const examples = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
const engineSources: readonly string[] = ENGINE_SOURCES;
/** Examples whose every source the engine implements; connector templates (MQTT, Kafka) need the server. */
const engineOnly = examples.filter((f) => {
  const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { nodes: { kind: string }[] };
  return doc.nodes.every((n) => !n.kind.startsWith('source.') || engineSources.includes(n.kind));
});

describe('every example pipeline whose sources the engine implements runs in the engine', () => {
  it.each(engineOnly)('%s', (file) => {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const clock = manualClock(1_700_000_000_000);
    const run = createRun(doc, { clock: clock.now });
    // One minute of processing time in steps of 100 ms.
    for (let i = 0; i < 600; i++) {
      clock.advance(100);
      expect(run.step()).not.toBe('finished');
    }
    const m = run.metrics();
    expect(m.state).toBe('running');
    const sinks = doc.nodes.filter((n: { kind: string }) => n.kind.startsWith('sink.'));
    const total = sinks.reduce((sum: number, n: { id: string }) => sum + (m.nodes[n.id]?.in ?? 0), 0);
    expect(total).toBeGreaterThan(0);
    for (const [id, node] of Object.entries(m.nodes)) expect(node.errors, id).toBe(0);
  });
});

describe('every example carries tests, and they pass', () => {
  it.each(examples)('%s', async (file) => {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    expect(doc.tests?.length, 'tests in the document').toBeGreaterThan(0);
    const base = dirname(join(dir, file));
    const results = await runPipelineTests(doc, {
      readEvents: async (name) =>
        readFileSync(join(base, name), 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line)),
    });
    for (const r of results) expect(r.passed, describeTestResult(r).join('\n')).toBe(true);
  });
});
