/**
 * Child process of `pnpm bench nexmark --parallelism N` (nexmark-parallel.bench.ts), started pinned
 * to one CPU: warms up, runs one Nexmark query to its end on its main thread and prints the
 * measurement as one line of JSON, with the CPU of its main thread and of its other threads (V8's
 * platform threads). Arguments: query, events.
 */
import { cpuSeconds } from '../../../packages/engine/bench/measure.js';
import { load, measureQuery } from '../../../packages/engine/bench/nexmark.bench.js';
import { threadCpuSeconds } from '../src/parallel/thread-cpu.js';
import { type MeasuredByThread, warmUp, warmupDocuments } from './nexmark-parallel.bench.js';

const [q, events] = process.argv.slice(2);
if (!q || !(Number(events) > 0)) throw new Error('usage: nexmark-one-core.ts <query> <events>');
warmUp(warmupDocuments(q));
const doc = load(q, Number(events));
const main0 = threadCpuSeconds() ?? Number.NaN;
const all0 = cpuSeconds();
const measured = measureQuery(doc, Number(events));
const queryCpuSec = (threadCpuSeconds() ?? Number.NaN) - main0;
const result: MeasuredByThread = { ...measured, queryCpuSec, otherCpuSec: cpuSeconds() - all0 - queryCpuSec };
process.stdout.write(`${JSON.stringify(result)}\n`);
