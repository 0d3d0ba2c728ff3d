/**
 * `pnpm bench nexmark --parallelism N`: Nexmark q5, q7 and q11 (NEXMARK_QUERIES to change) run to
 * their end once on one core (createRun on this thread) and once as a parallel run of N instances
 * on worker threads (ThreadedRun), interleaved, RUNS times; events per second of wall time side by
 * side and their ratio. Worker boot is left out (the workers are ready before the clock starts).
 * The load average of the machine is printed with each row: other work on the cores makes the
 * ratio meaningless, so compare it only on a quiet machine.
 * Sizes: NEXMARK_EVENTS (default 5 M), NEXMARK_RUNS (default 3), NEXMARK_RATE (default 1 M/s).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createRun, type Sink } from '@eventide/engine';
import { ThreadedRun } from '../src/parallel/threaded-run.js';

interface BenchRow {
  name: string;
  eventsPerSec: number;
  eventsPerCpuSec?: number;
  baseline?: string;
  ratio?: number;
}

const env = (name: string) => process.env[name];
const DIR = join(import.meta.dirname, '../../../examples/nexmark');

type Doc = { nodes: { kind: string; params: Record<string, unknown> }[]; tests?: unknown };

function load(q: string, events: number): Doc {
  const doc = JSON.parse(readFileSync(join(DIR, `${q}.json`), 'utf8')) as Doc;
  delete doc.tests;
  for (const n of doc.nodes)
    if (n.kind === 'source.generator')
      n.params = {
        ...n.params,
        limit: events,
        ratePerSec: Number(env('NEXMARK_RATE') ?? 1_000_000),
        maxOutOfOrdernessMs: 0,
        pacing: 'max',
      };
  return doc;
}

/** One core: the whole query on this thread. Returns wall seconds and the results counted. */
interface Measured {
  seconds: number;
  /** CPU seconds of the process (every thread) during the run. */
  cpu: number;
  results: number;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function single(doc: Doc): Measured {
  let results = 0;
  const sinkFor = (node: { id: string }): Sink => ({
    nodeId: node.id,
    write(batch) {
      results += batch.length;
    },
  });
  const c0 = cpuNow();
  const t0 = performance.now();
  const run = createRun(doc, { sinkFor, maxDelayMs: 0, collectLimit: 0 });
  while (run.step() !== 'finished') {}
  if (run.metrics().state !== 'finished') throw new Error(`run ended ${run.metrics().state}`);
  return { seconds: (performance.now() - t0) / 1000, cpu: cpuNow() - c0, results };
}

async function parallel(doc: Doc, n: number): Promise<Measured> {
  const run = new ThreadedRun(doc, { parallelism: n, warmupEvents: WARMUP });
  await run.whenReady();
  const c0 = cpuNow();
  const r = await run.start();
  return {
    seconds: r.wallMs / 1000,
    cpu: cpuNow() - c0,
    results: Object.values(r.counts).reduce((a, b) => a + b, 0),
  };
}

/** Events of the warm-up each side gets before it is measured: this thread once per query, each worker per run. */
const WARMUP = 300_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmtM = (x: number) => `${(x / 1e6).toFixed(2)} M`;
const load1 = () => (loadavg()[0] as number).toFixed(1);

export async function runNexmarkParallelBench(): Promise<BenchRow[]> {
  const n = Number(env('NEXMARK_PARALLELISM') ?? 0);
  if (!(n > 1)) return [];
  const queries = env('NEXMARK_QUERIES')?.split(',') ?? ['q5', 'q7', 'q11'];
  const events = Number(env('NEXMARK_EVENTS') ?? 5_000_000);
  const runs = Number(env('NEXMARK_RUNS') ?? 3);
  const rows: BenchRow[] = [];
  for (const q of queries) {
    const doc = load(q, events);
    // Both sides measured with compiled code: this thread warms up here, workers before ready.
    single(load(q, WARMUP));
    const one: number[] = [];
    const many: number[] = [];
    const oneCpu: number[] = [];
    const manyCpu: number[] = [];
    const loads: string[] = [];
    for (let r = 0; r < runs; r++) {
      const a = single(doc);
      const b = await parallel(doc, n);
      // Same results, or the comparison means nothing.
      if (a.results !== b.results)
        throw new Error(`${q}: ${a.results} results on one core, ${b.results} with parallelism ${n}`);
      one.push(events / a.seconds);
      many.push(events / b.seconds);
      oneCpu.push(events / a.cpu);
      manyCpu.push(events / b.cpu);
      loads.push(load1());
    }
    const p1 = median(one);
    const pn = median(many);
    const c1 = median(oneCpu);
    const cn = median(manyCpu);
    // CPU cost of the parallel run relative to one core: what the exchanges add. On N idle cores
    // the wall-time ratio can reach at most N times this.
    const efficiency = cn / c1;
    process.stderr.write(
      `  ${q}: parallelism 1 ${fmtM(p1)}/s, parallelism ${n} ${fmtM(pn)}/s, ${(pn / p1).toFixed(2)}x; per CPU-s ${fmtM(c1)} vs ${fmtM(cn)} (efficiency ${efficiency.toFixed(2)}; load ${loads.join(', ')})\n`,
    );
    rows.push({
      name: `nexmark ${q} parallelism ${n} (${fmtM(events)} events, load ${loads.join('/')})`,
      eventsPerSec: pn,
      eventsPerCpuSec: cn,
      baseline: `parallelism 1: ${fmtM(p1)}/s, ${fmtM(c1)}/CPU-s`,
      ratio: pn / p1,
    });
  }
  return rows;
}
