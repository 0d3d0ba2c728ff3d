/**
 * Child process of `pnpm bench nexmark --parallelism N` (nexmark-parallel.bench.ts), started pinned
 * to one CPU: warms up, runs one Nexmark query to its end on its main thread and prints the
 * measurement as one line of JSON. Arguments: query, events.
 */
import { load, measureQuery } from '../../../packages/engine/bench/nexmark.bench.js';
import { WARMUP } from './nexmark-parallel.bench.js';

const [q, events] = process.argv.slice(2);
if (!q || !(Number(events) > 0)) throw new Error('usage: nexmark-one-core.ts <query> <events>');
measureQuery(load(q, WARMUP), WARMUP);
process.stdout.write(`${JSON.stringify(measureQuery(load(q, Number(events)), Number(events)))}\n`);
