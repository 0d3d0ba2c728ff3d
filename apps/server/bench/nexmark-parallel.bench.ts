/**
 * `pnpm bench nexmark --parallelism N`: Nexmark q5, q7 and q11 (NEXMARK_QUERIES to change), each run
 * to its end, interleaved, RUNS times:
 * - on one core: the whole query in a child process pinned to CPU 0 (`taskset -c 0`), so V8's
 *   garbage collection threads share that core too. This is the single-core throughput the target
 *   compares against.
 * - at parallelism 1 unpinned (createRun on this thread): what a default run gets on this machine,
 *   where the garbage collector's threads use part of the other core.
 * - as a parallel run of N instances on worker threads (ThreadedRun).
 * Events per second of wall time side by side and the ratios. Boot and warm-up are left out on
 * every side. The load average of the machine is printed with each row: other work on the cores
 * makes the ratio meaningless, so compare it only on a quiet machine.
 * Sizes: NEXMARK_EVENTS (default 5 M), NEXMARK_RUNS (default 3), NEXMARK_RATE (default 1 M/s).
 */
import { execFileSync } from 'node:child_process';
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

export function load(q: string, events: number): Doc {
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

/** One side of one run: wall seconds, CPU seconds and the results counted. */
export interface Measured {
  seconds: number;
  /** CPU seconds of the process (every thread) during the run. */
  cpu: number;
  results: number;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** The whole query on this thread. */
export function single(doc: Doc): Measured {
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
export const WARMUP = 300_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmtM = (x: number) => `${(x / 1e6).toFixed(2)} M`;
const load1 = () => (loadavg()[0] as number).toFixed(1);

const ONE_CORE_ENTRY = join(import.meta.dirname, 'nexmark-one-core.ts');

/** The query in a child process pinned to CPU 0: the throughput of one core, garbage collector included. */
function oneCore(q: string, events: number): Measured {
  const out = execFileSync(
    'taskset',
    [
      '-c',
      '0',
      process.execPath,
      '--conditions=source',
      '--import',
      'tsx',
      ONE_CORE_ENTRY,
      q,
      String(events),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out) as Measured;
}

export async function runNexmarkParallelBench(): Promise<BenchRow[]> {
  const n = Number(env('NEXMARK_PARALLELISM') ?? 0);
  if (!(n > 1)) return [];
  const queries = env('NEXMARK_QUERIES')?.split(',') ?? ['q5', 'q7', 'q11'];
  const events = Number(env('NEXMARK_EVENTS') ?? 5_000_000);
  const runs = Number(env('NEXMARK_RUNS') ?? 3);
  const rows: BenchRow[] = [];
  for (const q of queries) {
    const doc = load(q, events);
    // Every side measured with compiled code: this thread warms up here, the pinned child and the
    // workers before they start measuring.
    single(load(q, WARMUP));
    const pinned: number[] = [];
    const one: number[] = [];
    const many: number[] = [];
    const oneCpu: number[] = [];
    const manyCpu: number[] = [];
    const loads: string[] = [];
    for (let r = 0; r < runs; r++) {
      const c = oneCore(q, events);
      const a = single(doc);
      const b = await parallel(doc, n);
      // Same results, or the comparison means nothing.
      if (a.results !== b.results || c.results !== a.results)
        throw new Error(
          `${q}: ${c.results} results on one core, ${a.results} at parallelism 1, ${b.results} at parallelism ${n}`,
        );
      pinned.push(events / c.seconds);
      one.push(events / a.seconds);
      many.push(events / b.seconds);
      oneCpu.push(events / a.cpu);
      manyCpu.push(events / b.cpu);
      loads.push(load1());
    }
    const core = median(pinned);
    const p1 = median(one);
    const pn = median(many);
    const c1 = median(oneCpu);
    const cn = median(manyCpu);
    // CPU cost of the parallel run relative to parallelism 1: what the exchanges add. On N idle
    // cores the ratio to one core can reach at most N times this.
    const efficiency = cn / c1;
    process.stderr.write(
      `  ${q}: one core ${fmtM(core)}/s, parallelism 1 ${fmtM(p1)}/s, parallelism ${n} ${fmtM(pn)}/s: ` +
        `${(pn / core).toFixed(2)}x one core, ${(pn / p1).toFixed(2)}x parallelism 1; per CPU-s ${fmtM(c1)} vs ` +
        `${fmtM(cn)} (efficiency ${efficiency.toFixed(2)}; load ${loads.join(', ')})\n`,
    );
    rows.push({
      name: `nexmark ${q} parallelism ${n} (${fmtM(events)} events, load ${loads.join('/')})`,
      eventsPerSec: pn,
      eventsPerCpuSec: cn,
      baseline: `one core ${fmtM(core)}/s (parallelism 1 unpinned ${fmtM(p1)}/s, ${(pn / p1).toFixed(2)}x)`,
      ratio: pn / core,
    });
  }
  return rows;
}
