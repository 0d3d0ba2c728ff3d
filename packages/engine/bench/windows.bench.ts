/**
 * Window benchmarks. Keyed tumbling window (count, sum, avg; 10,000 keys; 5 M events with bounded
 * disorder), side by side in one process, median of several runs:
 *   - Eventide's tumbling operator fed micro-batches of 512 with a watermark after each;
 *   - the same through the whole runtime (memory source -> assign-timestamps -> window -> sink);
 *   - a hand-written single-pass loop computing the same results (the ceiling on this machine);
 *   - RxJS 7, the idiomatic way: groupBy window (closed by a watermark subject) -> groupBy key -> reduce.
 * The hand loop emits each window's results in key order, as DESIGN.md orders them; RxJS does not
 * (it would need a toArray and a sort per window), which favours RxJS. Every implementation's
 * results are checked against the hand loop's before timing. Rates are per second of CPU time.
 * Then sliding and session windows and a window join, through their operators (events/s).
 * `pnpm bench windows`, or ad hoc: node --conditions=source --import tsx -e "import('./bench/windows.bench.ts').then(m=>m.runWindowBench()).then(console.table)"
 * Profile one case: node --cpu-prof --conditions=source --import tsx -e "import('./bench/windows.bench.ts').then(m=>m.profileOne('tumbling'))"
 */
import { filter, groupBy, map, mergeMap, Observable, reduce, Subject, take } from 'rxjs';
import { runBounded } from '../src/index.js';
import { windowJoin } from '../src/operators/join/window-join.js';
import { createOperator, type OperatorKind } from '../src/operators/registry.js';
import type { Event, Operator, OperatorContext } from '../src/runtime/operator.js';
import { cpuSeconds, median, seededRandom } from './measure.js';
import type { BenchRow } from './run.js';

const KEYS = 10_000;
const EVENTS = 5_000_000;
/** A multiple of BATCH. */
const RUNTIME_EVENTS = 2_048_000;
/** Distinct event objects; the stream reuses them with fresh times. */
const POOL = 1_000_000;
const EVENTS_PER_MS = 10;
const DISORDER_MS = 200;
const SIZE_MS = 10_000;
const BATCH = 512;
const RUNS = 3;

interface Batch {
  events: Event[];
  times: number[];
}

interface Result {
  key: unknown;
  window_start: number;
  window_end: number;
  count: number;
  sum: number;
  avg: number;
}

/** What every implementation must agree on: how many results and their totals. */
interface Check {
  results: number;
  count: number;
  sum: number;
}

/** Deterministic keyed readings; event i is at about i / 10 ms, up to DISORDER_MS early. */
function makeBatches(total: number): Batch[] {
  const rnd = seededRandom(7);
  const keys = Array.from({ length: KEYS }, (_, k) => `k${k}`);
  const pool: Event[] = [];
  for (let i = 0; i < POOL; i++)
    pool.push({ key: keys[Math.floor(rnd() * KEYS)], v: Math.round(rnd() * 1000) / 10 });
  const batches: Batch[] = [];
  for (let i = 0; i < total; i += BATCH) {
    const n = Math.min(BATCH, total - i);
    const events = new Array<Event>(n);
    const times = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      events[j] = pool[(i + j) % POOL] as Event;
      times[j] = Math.floor((i + j) / EVENTS_PER_MS) - Math.floor(rnd() * DISORDER_MS);
    }
    batches.push({ events, times });
  }
  return batches;
}

/** Watermark after a batch: max time seen - disorder - 1, so no event of the data is late. */
function watermarks(batches: Batch[]): number[] {
  let max = Number.NEGATIVE_INFINITY;
  return batches.map((b) => {
    for (const t of b.times) if (t > max) max = t;
    return max - DISORDER_MS - 1;
  });
}

function rate(events: number, run: () => void, label = ''): number {
  const started = cpuSeconds();
  run();
  const r = events / (cpuSeconds() - started);
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${label} ${Math.round(r)}/s\n`);
  return r;
}

function checkOf(results: Result[]): Check {
  let count = 0;
  let sum = 0;
  for (const r of results) {
    count += r.count;
    sum += r.sum;
  }
  return { results: results.length, count, sum: Math.round(sum) };
}

function sameCheck(name: string, got: Check, want: Check): void {
  if (got.results !== want.results || got.count !== want.count || got.sum !== want.sum)
    throw new Error(
      `${name} disagrees with the hand loop: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`,
    );
}

/** The operator's results are the hand loop's, field by field and in the same order. */
function sameResults(got: Result[], want: Result[]): void {
  for (let i = 0; i < want.length; i++) {
    const g = got[i] as Result;
    const w = want[i] as Result;
    if (
      g.key !== w.key ||
      g.window_start !== w.window_start ||
      g.window_end !== w.window_end ||
      g.count !== w.count ||
      g.sum !== w.sum ||
      g.avg !== w.avg
    )
      throw new Error(`result ${i} differs: ${JSON.stringify(g)} vs ${JSON.stringify(w)}`);
  }
}

/** A context that keeps results (as a sink would) and fails on errors and late events. */
function collectingContext(out: Event[]): OperatorContext {
  return {
    emit(_port, events) {
      for (const e of events) out.push(e);
    },
    error(_e, _t, message) {
      throw new Error(`unexpected error: ${message}`);
    },
    late() {
      throw new Error('unexpected late event');
    },
    dropped() {},
    now: () => 0,
    microBatch: { maxEvents: BATCH, maxDelayMs: 20 },
  };
}

const AGGREGATIONS = [
  { name: 'count', fn: 'count' },
  { name: 'sum', fn: 'sum', field: 'v' },
  { name: 'avg', fn: 'avg', field: 'v' },
];

function windowParams(extra: Record<string, unknown>) {
  return {
    keyBy: ['key'],
    aggregations: AGGREGATIONS,
    allowedLatenessMs: 0,
    earlyFireMs: 0,
    timeMode: 'event',
    ...extra,
  };
}

function runOperator(kind: OperatorKind, params: Record<string, unknown>, batches: Batch[], wms: number[]) {
  const out: Event[] = [];
  const op: Operator = createOperator(kind, { id: 'w', kind, params });
  op.open(collectingContext(out));
  for (let i = 0; i < batches.length; i++) {
    const b = batches[i] as Batch;
    op.processBatch('in', b.events, b.times);
    op.onWatermark(wms[i] as number);
  }
  op.onWatermark(Number.POSITIVE_INFINITY);
  return out;
}

interface Acc {
  count: number;
  sum: number;
}

/**
 * The ceiling: one pass, a Map per window of key -> {count, sum}, windows closed by the same
 * watermarks, each window's results in key order (DESIGN.md's output order, part of the result).
 */
function handLoop(batches: Batch[], wms: number[]): Result[] {
  const out: Result[] = [];
  const windows = new Map<number, Map<string, Acc>>();
  const ends: number[] = [];
  const close = (wm: number) => {
    while (ends.length > 0 && (ends[0] as number) - 1 <= wm) {
      const end = ends.shift() as number;
      const w = windows.get(end) as Map<string, Acc>;
      for (const key of [...w.keys()].sort()) {
        const a = w.get(key) as Acc;
        out.push({
          key,
          window_start: end - SIZE_MS,
          window_end: end,
          count: a.count,
          sum: a.sum,
          avg: a.sum / a.count,
        });
      }
      windows.delete(end);
    }
  };
  for (let i = 0; i < batches.length; i++) {
    const { events, times } = batches[i] as Batch;
    for (let j = 0; j < events.length; j++) {
      const e = events[j] as Event;
      const end = Math.floor((times[j] as number) / SIZE_MS) * SIZE_MS + SIZE_MS;
      let w = windows.get(end);
      if (w === undefined) {
        w = new Map();
        windows.set(end, w);
        ends.push(end);
        ends.sort((a, b) => a - b);
      }
      const a = w.get(e.key as string);
      if (a === undefined) w.set(e.key as string, { count: 1, sum: e.v as number });
      else {
        a.count++;
        a.sum += e.v as number;
      }
    }
    close(wms[i] as number);
  }
  close(Number.POSITIVE_INFINITY);
  return out;
}

/** RxJS: event-time windows as groups closed by a watermark subject, keys as nested groups, reduce. */
function rxjs(batches: Batch[], wms: number[]): Result[] {
  const out: Result[] = [];
  const watermark$ = new Subject<number>();
  let time = 0;
  const events$ = new Observable<Event>((sub) => {
    for (let i = 0; i < batches.length; i++) {
      const { events, times } = batches[i] as Batch;
      for (let j = 0; j < events.length; j++) {
        time = times[j] as number;
        sub.next(events[j] as Event);
      }
      watermark$.next(wms[i] as number);
    }
    watermark$.next(Number.POSITIVE_INFINITY);
    sub.complete();
  });
  events$
    .pipe(
      groupBy(() => Math.floor(time / SIZE_MS) * SIZE_MS, {
        duration: (w) =>
          watermark$.pipe(
            filter((wm) => wm >= w.key + SIZE_MS - 1),
            take(1),
          ),
      }),
      mergeMap((w) =>
        w.pipe(
          groupBy((e) => e.key),
          mergeMap((g) =>
            g.pipe(
              reduce((a, e) => ({ count: a.count + 1, sum: a.sum + (e.v as number) }), { count: 0, sum: 0 }),
              map((a) => ({
                key: g.key,
                window_start: w.key,
                window_end: w.key + SIZE_MS,
                count: a.count,
                sum: a.sum,
                avg: a.sum / a.count,
              })),
            ),
          ),
        ),
      ),
    )
    .subscribe((r) => out.push(r));
  return out;
}

/** The same keyed tumbling window through the whole runtime; events carry their time in `ts`. */
async function runtimeRate(batches: Batch[]): Promise<{ rate: number; check: Check }> {
  const input: Event[] = [];
  for (const b of batches)
    for (let j = 0; j < b.events.length; j++) input.push({ ...(b.events[j] as Event), ts: b.times[j] });
  const doc = {
    version: 1,
    name: 'bench: keyed tumbling window',
    nodes: [
      { id: 'src', kind: 'source.http-ingest', params: {} },
      {
        id: 'ts',
        kind: 'time.assign-timestamps',
        params: { timestamp: 'ts', maxOutOfOrdernessMs: DISORDER_MS + 1 },
      },
      {
        id: 'w',
        kind: 'window.tumbling',
        params: { sizeMs: SIZE_MS, keyBy: ['key'], aggregations: AGGREGATIONS },
      },
      { id: 'out', kind: 'sink.table', params: {} },
    ],
    edges: [
      { id: 'e1', source: 'src', sourcePort: 'out', target: 'ts', targetPort: 'in' },
      { id: 'e2', source: 'ts', sourcePort: 'out', target: 'w', targetPort: 'in' },
      { id: 'e3', source: 'w', sourcePort: 'out', target: 'out', targetPort: 'in' },
    ],
  };
  const started = cpuSeconds();
  const r = await runBounded(doc, { inputs: { src: input }, maxEvents: BATCH });
  const seconds = cpuSeconds() - started;
  if ((r.metrics.nodes.w?.late ?? 0) > 0) throw new Error('runtime bench: unexpected late events');
  return { rate: input.length / seconds, check: checkOf((r.outputs.out ?? []) as unknown as Result[]) };
}

/** Left = even events, right = odd ones, joined on key in 1 s tumbling windows. */
function runJoin(batches: Batch[], wms: number[]): number {
  let pairs = 0;
  const op = windowJoin({
    id: 'j',
    kind: 'join.window-join',
    params: { leftKey: ['key'], rightKey: ['key'], sizeMs: 1000, timeMode: 'event' },
  });
  op.open({
    ...collectingContext([]),
    emit(_port, events) {
      pairs += events.length;
    },
  });
  for (let i = 0; i < batches.length; i++) {
    const { events, times } = batches[i] as Batch;
    const half = events.length >> 1;
    op.processBatch('left', events.slice(0, half), times.slice(0, half));
    op.processBatch('right', events.slice(half), times.slice(half));
    op.onWatermark(wms[i] as number);
  }
  op.onWatermark(Number.POSITIVE_INFINITY);
  return pairs;
}

export async function runWindowBench(): Promise<BenchRow[]> {
  const batches = makeBatches(EVENTS);
  const wms = watermarks(batches);
  const tumbling = windowParams({ sizeMs: SIZE_MS, offsetMs: 0 });
  const handResults = handLoop(batches, wms);
  const want = checkOf(handResults);
  const opResults = runOperator('window.tumbling', tumbling, batches, wms) as unknown as Result[];
  sameCheck('tumbling operator', checkOf(opResults), want);
  sameResults(opResults, handResults);
  sameCheck('rxjs', checkOf(rxjs(batches, wms)), want);

  const op: number[] = [];
  const hand: number[] = [];
  const rx: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    hand.push(rate(EVENTS, () => handLoop(batches, wms), 'hand'));
    op.push(rate(EVENTS, () => runOperator('window.tumbling', tumbling, batches, wms), 'operator'));
    rx.push(rate(EVENTS, () => rxjs(batches, wms), 'rxjs'));
  }

  const runtimeBatches = batches.slice(0, RUNTIME_EVENTS / BATCH);
  const runtimeWant = checkOf(handLoop(runtimeBatches, watermarks(runtimeBatches)));
  const rt: number[] = [];
  const handRt: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const r = await runtimeRate(runtimeBatches);
    sameCheck('runtime', r.check, runtimeWant);
    rt.push(r.rate);
    if (process.env.BENCH_VERBOSE) process.stderr.write(`runtime ${Math.round(r.rate)}/s\n`);
    handRt.push(rate(RUNTIME_EVENTS, () => handLoop(runtimeBatches, watermarks(runtimeBatches))));
  }

  const sliding = windowParams({ sizeMs: SIZE_MS, slideMs: 2000, offsetMs: 0 });
  const session = windowParams({ gapMs: 3000 });
  const sl: number[] = [];
  const se: number[] = [];
  const jo: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    sl.push(rate(EVENTS, () => runOperator('window.sliding', sliding, batches, wms), 'sliding'));
    se.push(rate(EVENTS, () => runOperator('window.session', session, batches, wms), 'session'));
    jo.push(rate(EVENTS, () => runJoin(batches, wms), 'join'));
  }

  const m = { op: median(op), hand: median(hand), rx: median(rx), rt: median(rt), handRt: median(handRt) };
  return [
    { name: 'keyed tumbling 10k keys, 5M events: hand loop', eventsPerSec: m.hand },
    {
      name: 'keyed tumbling 10k keys, 5M events: operator',
      eventsPerSec: m.op,
      baseline: 'hand loop',
      ratio: m.op / m.hand,
    },
    {
      name: 'keyed tumbling 10k keys, 5M events: RxJS',
      eventsPerSec: m.rx,
      baseline: 'hand loop',
      ratio: m.rx / m.hand,
    },
    { name: 'keyed tumbling: operator vs RxJS', eventsPerSec: m.op, baseline: 'RxJS', ratio: m.op / m.rx },
    {
      name: `keyed tumbling 10k keys, ${RUNTIME_EVENTS / 1e6}M events: whole runtime`,
      eventsPerSec: m.rt,
      baseline: 'hand loop',
      ratio: m.rt / m.handRt,
    },
    { name: 'keyed sliding 10 s / 2 s, 5M events: operator', eventsPerSec: median(sl) },
    { name: 'keyed session gap 3 s, 5M events: operator', eventsPerSec: median(se) },
    { name: 'window join 1 s, 10k keys, 5M events: operator', eventsPerSec: median(jo) },
  ];
}

/** One case alone, for `node --cpu-prof`: tumbling | sliding | session | join | hand; PROFILE_RUNS times (3). */
export async function profileOne(which: string): Promise<void> {
  const batches = makeBatches(EVENTS);
  const wms = watermarks(batches);
  const cases: Record<string, () => unknown> = {
    hand: () => handLoop(batches, wms),
    tumbling: () =>
      runOperator('window.tumbling', windowParams({ sizeMs: SIZE_MS, offsetMs: 0 }), batches, wms),
    sliding: () =>
      runOperator(
        'window.sliding',
        windowParams({ sizeMs: SIZE_MS, slideMs: 2000, offsetMs: 0 }),
        batches,
        wms,
      ),
    session: () => runOperator('window.session', windowParams({ gapMs: 3000 }), batches, wms),
    'tumbling-count': () =>
      runOperator(
        'window.tumbling',
        windowParams({ sizeMs: SIZE_MS, aggregations: [{ name: 'n', fn: 'count' }] }),
        batches,
        wms,
      ),
    'tumbling-sum': () =>
      runOperator(
        'window.tumbling',
        windowParams({ sizeMs: SIZE_MS, aggregations: [{ name: 's', fn: 'sum', field: 'v' }] }),
        batches,
        wms,
      ),
    join: () => runJoin(batches, wms),
  };
  const run = cases[which];
  if (!run) throw new Error(`no case ${which}`);
  const runs = Number(process.env.PROFILE_RUNS ?? 3);
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = rate(EVENTS, run);
    const h = rate(EVENTS, cases.hand as () => unknown);
    process.stderr.write(
      `${which} ${Math.round(r)}/s, hand loop ${Math.round(h)}/s, ratio ${(r / h).toFixed(2)}\n`,
    );
    ratios.push(r / h);
  }
  process.stderr.write(`median ratio ${median(ratios).toFixed(2)}\n`);
}
