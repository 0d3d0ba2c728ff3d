/**
 * Expression benchmark: a CEL filter + projection chain compiled by Eventide vs the same chain written
 * as plain JS closures (target: ratio >= 0.4), and the same filter through the cel-js interpreter.
 * Same process, side by side, median of 5 runs of ~2M events each. Called by bench/run.ts; ad hoc:
 *   node --conditions=source --import tsx -e "import('./bench/expr.bench.ts').then(m=>m.runExprBench()).then(console.log)"
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { compileExpression, compilePredicate, compileProjection } from '../src/expr/index.js';
import { median, seededRandom } from './measure.js';
import type { BenchRow } from './run.js';

type Event = Record<string, unknown>;
type Filter = (e: Event) => unknown;
type Project = (e: Event) => Record<string, unknown>;

const FILTER = 'temperature > 30.5 && sensor != "s-7"';
const PROJECTION = [
  { name: 'sensor', expr: 'sensor' },
  { name: 'f', expr: 'temperature * 1.8 + 32' },
];
const EVENTS_PER_RUN = 2_000_000;
const RUNS = 5;

function makeEvents(n: number): Event[] {
  // deterministic pseudo-random sensor readings; about half pass the filter
  const rnd = seededRandom(42);
  const out: Event[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      sensor: `s-${Math.floor(rnd() * 10)}`,
      temperature: Math.round(rnd() * 600) / 10,
      ts: 1_700_000_000_000 + i,
    });
  }
  return out;
}

// The chain works like an operator on micro-batches of 512 events: projected events are stored in an
// output batch (so they really are allocated), which the next stage (here: a checksum) consumes.
// Self-contained (no outer names): freshCopy recompiles it from its source text.
function chainLoop(events: Event[], total: number, filter: Filter, project: Project): number {
  const BATCH = 512;
  let acc = 0;
  const n = events.length;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < total; i += BATCH) {
    out.length = 0;
    for (let j = i; j < i + BATCH; j++) {
      const e = events[j % n]!;
      if (filter(e) === true) out.push(project(e));
    }
    for (let k = 0; k < out.length; k++) acc += out[k]!.f as number;
  }
  return acc;
}

function filterLoop(events: Event[], total: number, filter: Filter): number {
  let acc = 0;
  const n = events.length;
  for (let i = 0; i < total; i++) if (filter(events[i % n]!) === true) acc++;
  return acc;
}

/**
 * A separate copy of a self-contained loop function, compiled from its source text. Every case gets
 * its own copy so that no case pollutes another's call-site feedback: V8 keeps type feedback per
 * function literal, which closures or plain calls of one function would share. The case name makes
 * each source text unique, or V8's compilation cache would hand back one shared function.
 */
function freshCopy<F extends (...args: never[]) => number>(loop: F, name: string): F {
  return new Function(`"use strict"; return (${loop.toString()}); // ${name}`)() as F;
}

const chainCel = freshCopy(chainLoop, 'chain-cel');
const chainJs = freshCopy(chainLoop, 'chain-js');
const chainCelPolluted = freshCopy(chainLoop, 'chain-cel-polluted');
const filterCel = freshCopy(filterLoop, 'filter-cel');
const filterJs = freshCopy(filterLoop, 'filter-js');
const filterCelJs = freshCopy(filterLoop, 'filter-celjs');
const filterCelPolluted = freshCopy(filterLoop, 'filter-cel-polluted');

/**
 * A real pipeline compiles many expressions, and closures created from the same function literal
 * share V8's type feedback: this runs a varied set of other expressions first, so that the last
 * measurement sees polymorphic call sites like a pipeline with many nodes would.
 */
function pollute(events: Event[]): number {
  const exprs = [
    'temperature < 10',
    'temperature >= 20.5 || sensor == "s-1"',
    'sensor != "s-3" && temperature <= 50',
    'temperature - 3 > 1',
    'temperature / 2 < 15',
    'temperature % 7 == 1',
    '2 * temperature > 40',
    'sensor.startsWith("s-1")',
    'size(sensor) == 3',
    'ts > 1700000000100 && temperature > 1',
    'temperature > 30 ? "hot" : "ok"',
    'sensor + "-x"',
    'int(temperature) > 3',
    'ts - 5 > 0',
    'temperature + ts > 0',
    '!(temperature > 3)',
    'sensor in ["s-1", "s-2"]',
    'has(temperature)',
    '[temperature, ts].exists(x, x > 50)',
    'max(temperature, 10) > 20',
    'temperature * 2 + 1 > 3',
    'ts > 5 && sensor == "x"',
    'temperature > 1 && ts > 1 && sensor != "s"',
    'has(ts) && temperature < 40',
    'sensor == "s-2" || sensor == "s-4"',
    'ts % 2 == 0 && temperature > 20',
  ];
  let acc = 0;
  for (const src of exprs) {
    const f = compileExpression(src);
    for (let i = 0; i < 20_000; i++) if (f(events[i]!) === true) acc++;
  }
  for (const fields of [
    [
      { name: 'a', expr: 'temperature + 1' },
      { name: 'b', expr: 'ts' },
    ],
    [
      { name: 'x', expr: 'sensor' },
      { name: 'b', expr: 'ts * 2' },
    ],
    [
      { name: 'sensor', expr: 'ts' },
      { name: 'b', expr: 'temperature' },
    ],
  ]) {
    const p = compileProjection(fields);
    for (let i = 0; i < 20_000; i++) acc += p(events[i]!).b as number;
  }
  return acc;
}

/** Runs every case once per round (interleaved, so drift affects all alike); eventsPerSec is the median. */
function measure(cases: { name: string; total: number; run: () => number }[]): Map<string, number> {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  let sink = 0;
  for (const c of cases) sink += c.run(); // warm-up
  for (let round = 0; round < RUNS; round++) {
    for (const c of cases) {
      const t0 = performance.now();
      sink += c.run();
      const ms = performance.now() - t0;
      samples.get(c.name)!.push((c.total / ms) * 1000);
    }
  }
  if (sink === -1) console.log(sink); // keep results observable
  return new Map([...samples].map(([k, v]) => [k, median(v)]));
}

async function loadCelJs(): Promise<{ parse: (src: string) => (ctx: Event) => unknown }> {
  // cel-js is a dependency of @eventide/shared (the parser); resolve it from there
  const requireFromShared = createRequire(new URL('../../shared/package.json', import.meta.url));
  const mod = (await import(pathToFileURL(requireFromShared.resolve('@marcbachmann/cel-js')).href)) as {
    Environment: new (
      opts?: unknown,
    ) => {
      registerVariable(name: string, type: string): unknown;
      parse(src: string): (ctx: Event) => unknown;
    };
  };
  const env = new mod.Environment();
  env.registerVariable('temperature', 'double');
  env.registerVariable('sensor', 'string');
  return env;
}

export async function runExprBench(): Promise<BenchRow[]> {
  const events = makeEvents(65_536);

  const celFilter = compilePredicate(FILTER) as Filter;
  const celRaw = compileExpression(FILTER) as Filter;
  const celProject = compileProjection(PROJECTION) as Project;
  const jsFilter: Filter = (e) => (e.temperature as number) > 30.5 && e.sensor !== 's-7';
  const jsProject: Project = (e) => ({ sensor: e.sensor, f: (e.temperature as number) * 1.8 + 32 });
  const celJs = (await loadCelJs()).parse(FILTER);

  // the two implementations must agree before they are timed
  for (const e of events.slice(0, 2000)) {
    if (celFilter(e) !== jsFilter(e) || celJs(e) !== jsFilter(e))
      throw new Error(`filter mismatch on ${JSON.stringify(e)}`);
    if (JSON.stringify(celProject(e)) !== JSON.stringify(jsProject(e)))
      throw new Error('projection mismatch');
  }

  const celJsTotal = Math.floor(EVENTS_PER_RUN / 4); // the interpreter is much slower; keep the run short
  const full = (name: string, run: (total: number) => number) => ({
    name,
    total: EVENTS_PER_RUN,
    run: () => run(EVENTS_PER_RUN),
  });
  const m = measure([
    full('chain-cel', (n) => chainCel(events, n, celFilter, celProject)),
    full('chain-js', (n) => chainJs(events, n, jsFilter, jsProject)),
    full('filter-cel', (n) => filterCel(events, n, celRaw)),
    full('filter-js', (n) => filterJs(events, n, jsFilter)),
    { name: 'filter-celjs', total: celJsTotal, run: () => filterCelJs(events, celJsTotal, celJs) },
  ]);
  pollute(events);
  const celFilter2 = compilePredicate(FILTER) as Filter;
  const celProject2 = compileProjection(PROJECTION) as Project;
  const m2 = measure([
    full('chain-cel-polluted', (n) => chainCelPolluted(events, n, celFilter2, celProject2)),
    full('chain-js', (n) => chainJs(events, n, jsFilter, jsProject)),
    full('filter-cel-polluted', (n) => filterCelPolluted(events, n, celFilter2)),
    full('filter-js', (n) => filterJs(events, n, jsFilter)),
  ]);
  m.set('filter-cel-polluted', m2.get('filter-cel-polluted')!);
  m.set('filter-js-2', m2.get('filter-js')!);
  m.set('chain-cel-polluted', m2.get('chain-cel-polluted')!);
  m.set('chain-js-2', m2.get('chain-js')!);
  const get = (k: string) => m.get(k)!;
  const row = (name: string, key: string, baseline?: string, baseKey?: string): BenchRow => {
    const r: BenchRow = { name, eventsPerSec: Math.round(get(key)) };
    if (baseline && baseKey) {
      r.baseline = baseline;
      r.ratio = Math.round((get(key) / get(baseKey)) * 1000) / 1000;
    }
    return r;
  };
  return [
    row('expr: CEL filter + projection (Eventide closures)', 'chain-cel', 'plain JS closures', 'chain-js'),
    row('expr: filter + projection as plain JS closures', 'chain-js'),
    row('expr: CEL filter only (Eventide closures)', 'filter-cel', 'plain JS closure', 'filter-js'),
    row('expr: filter only as a plain JS closure', 'filter-js'),
    row('expr: CEL filter only (cel-js interpreter)', 'filter-celjs', 'plain JS closure', 'filter-js'),
    row(
      'expr: CEL filter + projection after 29 other expressions ran',
      'chain-cel-polluted',
      'plain JS closures',
      'chain-js-2',
    ),
    row(
      'expr: CEL filter only after 29 other expressions ran',
      'filter-cel-polluted',
      'plain JS closure',
      'filter-js-2',
    ),
  ];
}
