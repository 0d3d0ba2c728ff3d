/**
 * `pnpm bench`: imports every bench/*.bench.ts, calls each exported async function whose name starts
 * with "run" (each returns rows { name, eventsPerSec, baseline?, ratio? }), prints one table and
 * writes the rows as JSON to bench-results/latest.json at the repository root.
 * Arguments filter the bench files by name: `pnpm bench pipeline` runs pipeline.bench.ts only.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchRow {
  name: string;
  eventsPerSec: number;
  /** Events per second of this process's CPU time, when the bench measures it. */
  eventsPerCpuSec?: number;
  baseline?: string;
  ratio?: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const args = process.argv.slice(2).filter((a) => a !== '--');
// `--parallelism N` (pnpm bench nexmark --parallelism 2): the scaling table of parallel runs.
const flag = args.indexOf('--parallelism');
if (flag >= 0) {
  const n = Number(args[flag + 1]);
  if (!Number.isInteger(n) || n < 1)
    throw new Error('--parallelism takes a whole number of instances, e.g. 2');
  process.env.NEXMARK_PARALLELISM = String(n);
  args.splice(flag, 2);
}
const filters = args;

function isRow(x: unknown): x is BenchRow {
  const r = x as BenchRow;
  return (
    typeof r === 'object' && r !== null && typeof r.name === 'string' && typeof r.eventsPerSec === 'number'
  );
}

const ON_REQUEST = ['nexmark.bench.ts'];

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main() {
  const named = (f: string) => filters.some((x) => f.includes(x));
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    // Suites that take minutes (nexmark) run only when named: `pnpm bench nexmark`.
    .filter((f) => (filters.length === 0 ? !ON_REQUEST.includes(f) : named(f)))
    .sort()
    .map((f) => join(here, f));
  // Server benches need local services (`pnpm services start`): they run only when named,
  // e.g. `pnpm bench connectors`.
  const serverBench = resolve(repoRoot, 'apps/server/bench');
  for (const f of readdirSync(serverBench).sort())
    if (f.endsWith('.bench.ts') && filters.length > 0 && named(f)) files.push(join(serverBench, f));
  const rows: (BenchRow & { file: string })[] = [];
  for (const filePath of files) {
    const file = basename(filePath);
    const mod = (await import(pathToFileURL(filePath).href)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      if (!name.startsWith('run') || typeof fn !== 'function') continue;
      process.stderr.write(`${file} ${name}...\n`);
      const result = (await (fn as () => Promise<unknown>)()) as unknown;
      if (!Array.isArray(result)) throw new Error(`${file} ${name} did not return rows`);
      for (const row of result) {
        if (!isRow(row)) throw new Error(`${file} ${name} returned a malformed row: ${JSON.stringify(row)}`);
        rows.push({ file, ...row });
      }
    }
  }
  const table = rows.map((r) => ({
    case: r.name,
    'events/s': fmt(r.eventsPerSec),
    'events/CPU-s': r.eventsPerCpuSec === undefined ? '' : fmt(r.eventsPerCpuSec),
    baseline: r.baseline ?? '',
    ratio: r.ratio === undefined ? '' : r.ratio.toFixed(2),
  }));
  const cols = ['case', 'events/s', 'events/CPU-s', 'baseline', 'ratio'] as const;
  const width = Object.fromEntries(
    cols.map((c) => [c, Math.max(c.length, ...table.map((t) => String(t[c]).length))]),
  ) as Record<(typeof cols)[number], number>;
  const line = (t: Record<string, string>) =>
    cols
      .map((c) => (c === 'case' || c === 'baseline' ? t[c]!.padEnd(width[c]) : t[c]!.padStart(width[c])))
      .join('  ');
  console.log(line(Object.fromEntries(cols.map((c) => [c, c]))));
  console.log(cols.map((c) => '-'.repeat(width[c])).join('  '));
  for (const t of table) console.log(line(t));
  const out = join(repoRoot, 'bench-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'latest.json'),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
  );
  console.log(`\nwrote ${join(out, 'latest.json')}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
