/**
 * The whole runtime, end to end: generator (pacing max) -> filter -> map -> collecting sink, at
 * micro-batch sizes 1, 64, 512 and 4096. Shows what batching buys: per-batch costs (polling, routing,
 * latency accounting, watermark propagation) amortize over the batch. Ratios are against batch 4096.
 */
import { runBounded } from '../src/index.js';
import type { BenchRow } from './run.js';

const EVENTS = 400_000;
const SIZES = [1, 64, 512, 4096];

const doc = {
  version: 1,
  name: 'bench: generator -> filter -> map',
  nodes: [
    {
      id: 'gen',
      kind: 'source.generator',
      params: { preset: 'sensors', keyCardinality: 1000, limit: EVENTS, pacing: 'max', ratePerSec: 100_000 },
    },
    { id: 'hot', kind: 'transform.filter', params: { condition: 'temperature > 20.0' } },
    {
      id: 'f',
      kind: 'transform.map',
      params: {
        fields: [
          { name: 'sensor', expr: 'sensor' },
          { name: 'fahrenheit', expr: 'temperature * 1.8 + 32.0' },
        ],
      },
    },
    { id: 'out', kind: 'sink.table' },
  ],
  edges: [
    { id: 'e1', source: 'gen', target: 'hot' },
    { id: 'e2', source: 'hot', target: 'f' },
    { id: 'e3', source: 'f', target: 'out' },
  ],
};

async function eventsPerSec(maxEvents: number): Promise<number> {
  const started = performance.now();
  const result = await runBounded(doc, { maxEvents });
  const seconds = (performance.now() - started) / 1000;
  const through = result.metrics.nodes.gen?.out ?? 0;
  if (through !== EVENTS) throw new Error(`expected ${EVENTS} events, the generator gave ${through}`);
  return EVENTS / seconds;
}

export async function runPipelineBench(): Promise<BenchRow[]> {
  await eventsPerSec(4096); // warm-up: JIT, module init
  const rates = new Map<number, number>();
  for (const size of SIZES) {
    const samples = [await eventsPerSec(size), await eventsPerSec(size), await eventsPerSec(size)];
    rates.set(size, samples.sort((a, b) => a - b)[1] as number);
  }
  const best = rates.get(4096) as number;
  return SIZES.map((size) => ({
    name: `pipeline gen->filter->map->sink, batch ${size}`,
    eventsPerSec: rates.get(size) as number,
    baseline: 'same pipeline, batch 4096',
    ratio: (rates.get(size) as number) / best,
  }));
}
