/**
 * `pnpm bench nexmark --parallelism N`: Nexmark q5, q7 and q11 (NEXMARK_QUERIES to change), each run
 * to its end, interleaved, RUNS times:
 * - on one core: the whole query in a child process pinned to CPU 0 (`taskset -c 0`), so V8's
 *   garbage collection threads share that core too. This is the single-core throughput the target
 *   compares against.
 * - at parallelism 1 unpinned (createRun on this thread): what a default run gets on this machine,
 *   where the garbage collector's threads use part of the other core.
 * - as a parallel run of N instances on worker threads (ThreadedRun).
 * Events per second of wall time side by side; the ratio to one core is the median of the runs'
 * own ratios (each parallel side against the one-core sides just before and after it: RUNS + 1 of
 * them, taken in turn with the parallel runs). Boot and warm-up are left out on
 * every side. The load average of the machine is printed with each row: other work on the cores
 * makes the ratio meaningless, so compare it only on a quiet machine.
 * Sizes: NEXMARK_EVENTS (default 5 M), NEXMARK_RUNS (default 3), NEXMARK_RATE (default 1 M/s).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, median } from '../../../packages/engine/bench/measure.js';
import { load, type Measured, measureQuery } from '../../../packages/engine/bench/nexmark.bench.js';
import type { BenchRow } from '../../../packages/engine/bench/run.js';
import { ThreadedRun } from '../src/parallel/threaded-run.js';

type Doc = ReturnType<typeof load>;

const env = (name: string) => process.env[name];

/**
 * A measurement with its CPU split by thread: the threads running the query (the one-core child's
 * main thread, or the parallel run's worker threads together) and the rest of the process (V8's
 * platform threads: garbage-collection helpers, compilers; NaN off Linux).
 */
export interface MeasuredByThread extends Measured {
  queryCpuSec: number;
  otherCpuSec: number;
}

async function parallel(doc: Doc, warmup: Doc[], n: number, events: number): Promise<MeasuredByThread> {
  const run = new ThreadedRun(doc, { parallelism: n, warmup });
  await run.whenReady();
  const c0 = cpuSeconds();
  const r = await run.start();
  const cpu = cpuSeconds() - c0;
  const workers = r.workerCpuSeconds.length > 0 ? r.workerCpuSeconds.reduce((a, b) => a + b, 0) : Number.NaN;
  return {
    perSec: events / (r.wallMs / 1000),
    perCpuSec: events / cpu,
    out: Object.values(r.counts).reduce((a, b) => a + b, 0),
    queryCpuSec: workers,
    otherCpuSec: cpu - workers,
  };
}

/** Events of the warm-up each side gets before it is measured: this thread once per query, each worker per run. */
const WARMUP = 300_000;
/** Event time the warm-up spans. */
const WARMUP_SECONDS = 60;

/**
 * The warm-up of every side, run one after the other: the query over WARMUP events spread over
 * WARMUP_SECONDS of event time, so that its windows and sessions fire, then over WARMUP events at
 * the measured rate. With the second alone (300,000 events are 0.3 s there), q5's 10-second
 * windows first fired inside the measurement, and were compiled, deoptimized and compiled again
 * there: at 5 M events, 1 s of compiling on one core and 2.8 s on two workers (`--trace-opt`),
 * against 0.27 s on one core after both.
 */
export const warmupDocuments = (q: string): Doc[] => [
  load(q, WARMUP, WARMUP / WARMUP_SECONDS),
  load(q, WARMUP),
];

/** Runs warm-up documents on this thread. */
export function warmUp(docs: Doc[]): void {
  for (const doc of docs) measureQuery(doc, WARMUP);
}

const fmtM = (x: number) => `${(x / 1e6).toFixed(2)} M`;
const load1 = () => (loadavg()[0] as number).toFixed(1);

const ONE_CORE_ENTRY = join(import.meta.dirname, 'nexmark-one-core.ts');

/** The query in a child process pinned to CPU 0: the throughput of one core, garbage collector included. */
function oneCore(q: string, events: number): MeasuredByThread {
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
  return JSON.parse(out) as MeasuredByThread;
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
    const warmup = warmupDocuments(q);
    // Every side measured with compiled code: this thread warms up here, the pinned child and the
    // workers before they start measuring.
    warmUp(warmup);
    const pinned: number[] = [];
    const one: number[] = [];
    const many: number[] = [];
    const oneCpu: number[] = [];
    const manyCpu: number[] = [];
    const loads: string[] = [];
    const ratios: number[] = [];
    // CPU seconds per million events: the query's threads, the rest of the process.
    const perM = (x: number) => (x * 1e6) / events;
    const cpuOne: [number[], number[]] = [[], []];
    const cpuMany: [number[], number[]] = [[], []];
    // One-core runs: RUNS + 1 of them, one before the first parallel run and one after each.
    const onCore = (c: MeasuredByThread) => {
      pinned.push(c.perSec);
      cpuOne[0].push(perM(c.queryCpuSec));
      cpuOne[1].push(perM(c.otherCpuSec));
      return c;
    };
    let before = onCore(oneCore(q, events));
    for (let r = 0; r < runs; r++) {
      const b = await parallel(doc, warmup, n, events);
      const a = measureQuery(doc, events);
      const after = onCore(oneCore(q, events));
      // Same results, or the comparison means nothing.
      if (a.out !== b.out || before.out !== a.out || after.out !== a.out)
        throw new Error(
          `${q}: ${before.out} and ${after.out} results on one core, ${a.out} at parallelism 1, ${b.out} at parallelism ${n}`,
        );
      one.push(a.perSec);
      many.push(b.perSec);
      oneCpu.push(a.perCpuSec);
      manyCpu.push(b.perCpuSec);
      // Against the one-core runs just before and just after it (their mean time): the machine's
      // speed drifts over the seconds a pair takes, and one side alone carried all of the drift.
      ratios.push(b.perSec / (2 / (1 / before.perSec + 1 / after.perSec)));
      before = after;
      cpuMany[0].push(perM(b.queryCpuSec));
      cpuMany[1].push(perM(b.otherCpuSec));
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
    // This machine's speed drifts by tens of percent within minutes: each run's parallel side is
    // compared with the one-core sides measured around it, and the median of those ratios is the
    // figure (a ratio of two medians mixes runs made at different speeds).
    const ratio = median(ratios);
    const spread = `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`;
    process.stderr.write(
      `  ${q}: one core ${fmtM(core)}/s, parallelism 1 ${fmtM(p1)}/s, parallelism ${n} ${fmtM(pn)}/s: ` +
        `${ratio.toFixed(2)}x one core (median of ${runs} runs, each against the one-core runs around it: ${spread}), ${(pn / p1).toFixed(2)}x parallelism 1; per CPU-s ${fmtM(c1)} vs ` +
        `${fmtM(cn)} (efficiency ${efficiency.toFixed(2)}; load ${loads.join(', ')})\n`,
    );
    // Where the CPU went (medians, per million events): a parallel run that does more work than the
    // one-core run in total cannot reach N times its throughput however well it overlaps.
    const [oneMain, oneOther] = cpuOne.map(median) as [number, number];
    const [manyMain, manyOther] = cpuMany.map(median) as [number, number];
    process.stderr.write(
      `    CPU per 1 M events: one core ${oneMain.toFixed(2)} s main thread + ${oneOther.toFixed(2)} s other threads; ` +
        `parallelism ${n} ${manyMain.toFixed(2)} s worker threads + ${manyOther.toFixed(2)} s other threads ` +
        `(${((manyMain + manyOther) / (oneMain + oneOther)).toFixed(2)}x the one-core total)\n`,
    );
    rows.push({
      name: `nexmark ${q} parallelism ${n} (${fmtM(events)} events, load ${loads.join('/')})`,
      eventsPerSec: pn,
      eventsPerCpuSec: cn,
      baseline: `one core ${fmtM(core)}/s (parallelism 1 unpinned ${fmtM(p1)}/s, ${(pn / p1).toFixed(2)}x)`,
      ratio,
    });
  }
  return rows;
}
