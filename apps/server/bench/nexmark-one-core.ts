/**
 * Child process of `pnpm bench nexmark --parallelism N` (nexmark-parallel.bench.ts), started pinned
 * to one CPU: warms up, runs one Nexmark query to its end on its main thread and prints the
 * measurement as one line of JSON. Arguments: query, events.
 */
import { load, single, WARMUP } from './nexmark-parallel.bench.js';

const [q, events] = process.argv.slice(2);
if (!q || !(Number(events) > 0)) throw new Error('usage: nexmark-one-core.ts <query> <events>');
single(load(q, WARMUP));
process.stdout.write(`${JSON.stringify(single(load(q, Number(events))))}\n`);
