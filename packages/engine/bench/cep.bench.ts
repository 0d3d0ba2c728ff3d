/**
 * CEP benchmark: the 3-consecutive-failures pattern of examples/brute-force-logins.json (times(3)
 * consecutive, keyed by user, within 60 s, skipPastLastEvent, 4-field projection) over 10,000 users
 * and 5 M events with 30 % failures, through the cep.pattern operator (micro-batches of 512 and a
 * watermark 500 ms behind after each batch, so events really wait in the event-time buffer), vs a
 * hand-written per-key state machine doing the same matching on the same (already sorted) input.
 * Both must find the same number of matches. Same process, interleaved rounds, median of 5.
 * Called by bench/run.ts; ad hoc: pnpm --filter @eventide/engine bench cep
 */
import { PatternOperator } from '../src/operators/cep/pattern-operator.js';
import { parsePatternParams } from '../src/operators/cep/pattern-params.js';
import type { Event, OperatorContext } from '../src/runtime/operator.js';

export type BenchRow = { name: string; eventsPerSec: number; baseline?: string; ratio?: number };

const USERS = 10_000;
const EVENTS = 5_000_000;
/** Distinct event objects, cycled (events are immutable): keeps the heap small on a shared machine. */
const POOL = 1_000_000;
const FAILURE_RATE = 0.3;
const BATCH = 512;
const MAX_DELAY_MS = 500;
const WITHIN_MS = 60_000;
const RUNS = 5;

const PARAMS = {
  key: 'user',
  steps: [
    { name: 'first', condition: 'type == "fail"', quantifier: { kind: 'times', min: 3 }, consecutive: true },
  ],
  withinMs: WITHIN_MS,
  skip: { strategy: 'skipPastLastEvent' },
  output: [
    { name: 'user', expr: 'first[0].user' },
    { name: 'attempts', expr: 'size(first)' },
    { name: 'start', expr: 'first[0].ts' },
    { name: 'ip', expr: 'first[0].ip' },
  ],
};

export interface Input {
  events: Event[];
  /** Event time of event i (of EVENTS): one event per millisecond. */
  times: Float64Array;
}

export function makeCepInput(): Input {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const users = Array.from({ length: USERS }, (_, i) => `user-${i}`);
  const ips = Array.from({ length: 256 }, (_, i) => `10.0.0.${i}`);
  const events: Event[] = [];
  for (let i = 0; i < POOL; i++) {
    events.push({
      user: users[Math.floor(rnd() * USERS)]!,
      type: rnd() < FAILURE_RATE ? 'fail' : 'ok',
      ts: i,
      ip: ips[i & 255]!,
    });
  }
  const times = new Float64Array(EVENTS);
  for (let i = 0; i < EVENTS; i++) times[i] = i;
  return { events, times };
}

/** Counts what the operator emits; keeps outputs observable without storing them. */
function countingContext(counts: { out: number; timeout: number; dropped: number }): OperatorContext {
  return {
    emit(port, events) {
      if (port === 'out') counts.out += events.length;
      else counts.timeout += events.length;
    },
    error() {
      throw new Error('unexpected error in the benchmark input');
    },
    late() {
      throw new Error('unexpected late event in the benchmark input');
    },
    dropped(n) {
      counts.dropped += n;
    },
    now: () => 0,
    microBatch: { maxEvents: BATCH, maxDelayMs: 20 },
  };
}

export function operatorPass(input: Input): number {
  const counts = { out: 0, timeout: 0, dropped: 0 };
  const op = new PatternOperator({ id: 'cep', kind: 'cep.pattern', params: {} }, parsePatternParams(PARAMS));
  op.open(countingContext(counts));
  const batchEvents: Event[] = new Array(BATCH);
  const batchTimes: number[] = new Array(BATCH);
  const { events, times } = input;
  for (let i = 0; i < EVENTS; i += BATCH) {
    const n = Math.min(BATCH, EVENTS - i);
    batchEvents.length = n;
    batchTimes.length = n;
    for (let j = 0; j < n; j++) {
      batchEvents[j] = events[(i + j) % POOL]!;
      batchTimes[j] = times[i + j]!;
    }
    op.processBatch('in', batchEvents, batchTimes);
    op.onWatermark(times[i + n - 1]! - MAX_DELAY_MS);
  }
  op.onWatermark(Number.POSITIVE_INFINITY);
  if (counts.dropped > 0) throw new Error(`the benchmark dropped ${counts.dropped}`);
  return counts.out;
}

/**
 * The same matching written by hand: per user the consecutive failures still within 60 s of the
 * first; a success clears them, the third failure is a match (then cleared: skip past last event).
 */
interface UserRun {
  first: Event | null;
  firstTime: number;
  second: Event | null;
  secondTime: number;
}

function runHandWritten(input: Input): number {
  const runs = new Map<string, UserRun>();
  const { events, times } = input;
  let matches = 0;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < EVENTS; i += BATCH) {
    const n = Math.min(BATCH, EVENTS - i);
    out.length = 0;
    for (let j = 0; j < n; j++) {
      const e = events[(i + j) % POOL]!;
      const t = times[i + j]!;
      const user = e.user as string;
      let r = runs.get(user);
      if (r === undefined) {
        r = { first: null, firstTime: 0, second: null, secondTime: 0 };
        runs.set(user, r);
      }
      if (e.type !== 'fail') {
        r.first = r.second = null;
        continue;
      }
      // expire attempts whose first failure is 60 s old or more
      if (r.first !== null && t - r.firstTime >= WITHIN_MS) {
        r.first = r.second;
        r.firstTime = r.secondTime;
        r.second = null;
        if (r.first !== null && t - r.firstTime >= WITHIN_MS) r.first = null;
      }
      if (r.first === null) {
        r.first = e;
        r.firstTime = t;
      } else if (r.second === null) {
        r.second = e;
        r.secondTime = t;
      } else {
        out.push({ user: r.first.user, attempts: 3, start: r.first.ts, ip: r.first.ip });
        r.first = r.second = null;
      }
    }
    matches += out.length;
  }
  return matches;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function runCepBench(): Promise<BenchRow[]> {
  const input = makeCepInput();
  const cases = [
    {
      name: 'cep.pattern: 3 consecutive failures per user (10k users, 5M events)',
      run: () => operatorPass(input),
    },
    { name: 'hand-written per-key state machine', run: () => runHandWritten(input) },
  ];
  const expected = cases.map((c) => c.run()); // warm-up, and both must agree
  if (expected[0] !== expected[1])
    throw new Error(`match counts differ: operator ${expected[0]}, hand-written ${expected[1]}`);
  const samples = cases.map(() => [] as number[]);
  for (let round = 0; round < RUNS; round++) {
    cases.forEach((c, i) => {
      const t0 = performance.now();
      c.run();
      samples[i]!.push((EVENTS / (performance.now() - t0)) * 1000);
    });
  }
  const [cep, hand] = samples.map(median) as [number, number];
  return [
    { name: cases[0]!.name, eventsPerSec: cep, baseline: cases[1]!.name, ratio: cep / hand },
    { name: `${cases[1]!.name} (${expected[0]} matches)`, eventsPerSec: hand },
  ];
}
