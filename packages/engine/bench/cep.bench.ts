/**
 * CEP benchmark: the 3-consecutive-failures pattern of examples/brute-force-logins.json (times(3)
 * consecutive, keyed by user, within 60 s, skipPastLastEvent, 4-field projection) over 10,000 users
 * and 5 M events with 30 % failures, through the cep.pattern operator (micro-batches of 512 and a
 * watermark 500 ms behind after each batch, so events really wait in the event-time buffer), vs a
 * hand-written per-key state machine doing the same matching on the same (already sorted) input.
 * The operator runs wired as in the example (its timeout port has no edge, like the hand-written
 * machine it emits no timeouts), and again with its timeout port connected (per-key timers that
 * emit expired attempts when their 60 s run out). All must find the same number of matches. Same process, interleaved rounds, median of 5, in wall
 * time and in CPU time (the latter is what to compare on a machine shared with other work).
 * Called by bench/run.ts; ad hoc: pnpm --filter @eventide/engine bench cep
 */
import { EventTimeBuffer } from '../src/operators/cep/event-time-buffer.js';
import { PatternOperator } from '../src/operators/cep/pattern-operator.js';
import { parsePatternParams } from '../src/operators/cep/pattern-params.js';
import type { Event, OperatorContext } from '../src/runtime/operator.js';
import { cpuSeconds, median, seededRandom } from './measure.js';
import type { BenchRow } from './run.js';

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

/** The input as the runtime delivers it: micro-batches of events with a parallel array of times. */
export interface Input {
  batches: { events: Event[]; times: number[] }[];
}

export function makeCepInput(): Input {
  const rnd = seededRandom(42);
  const users = Array.from({ length: USERS }, (_, i) => `user-${i}`);
  const ips = Array.from({ length: 256 }, (_, i) => `10.0.0.${i}`);
  const pool: Event[] = [];
  for (let i = 0; i < POOL; i++) {
    pool.push({
      user: users[Math.floor(rnd() * USERS)]!,
      type: rnd() < FAILURE_RATE ? 'fail' : 'ok',
      ts: i,
      ip: ips[i & 255]!,
    });
  }
  // one event per millisecond of event time
  const batches: Input['batches'] = [];
  for (let i = 0; i < EVENTS; i += BATCH) {
    const n = Math.min(BATCH, EVENTS - i);
    const events: Event[] = new Array(n);
    const times: number[] = new Array(n);
    for (let j = 0; j < n; j++) {
      events[j] = pool[(i + j) % POOL]!;
      times[j] = i + j;
    }
    batches.push({ events, times });
  }
  return { batches };
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

/** The operator with the given output ports connected (what the compiler tells it from the edges). */
function operatorPass(input: Input, connectedOutputs: string[]): number {
  const counts = { out: 0, timeout: 0, dropped: 0 };
  const node = { id: 'cep', kind: 'cep.pattern', params: {}, connectedOutputs };
  const op = new PatternOperator(node, parsePatternParams(PARAMS));
  op.open(countingContext(counts));
  for (const { events, times } of input.batches) {
    op.processBatch('in', events, times);
    op.onWatermark(times[times.length - 1]! - MAX_DELAY_MS);
  }
  op.onWatermark(Number.POSITIVE_INFINITY);
  if (counts.dropped > 0) throw new Error(`the benchmark dropped ${counts.dropped}`);
  if (connectedOutputs.includes('timeout') !== counts.timeout > 0)
    throw new Error(`${counts.timeout} timeouts with outputs ${connectedOutputs.join(', ')}`);
  return counts.out;
}

export const examplePass = (input: Input) => operatorPass(input, ['out']);
export const timeoutsPass = (input: Input) => operatorPass(input, ['out', 'timeout']);

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

/** One event through the hand-written machine; returns the alert, or null. */
function handStep(runs: Map<string, UserRun>, e: Event, t: number): Record<string, unknown> | null {
  const user = e.user as string;
  let r = runs.get(user);
  if (r === undefined) {
    r = { first: null, firstTime: 0, second: null, secondTime: 0 };
    runs.set(user, r);
  }
  if (e.type !== 'fail') {
    r.first = r.second = null;
    return null;
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
    return null;
  }
  if (r.second === null) {
    r.second = e;
    r.secondTime = t;
    return null;
  }
  const alert = { user: r.first.user, attempts: 3, start: r.first.ts, ip: r.first.ip };
  r.first = r.second = null;
  return alert;
}

/** The machine on the sorted input as it arrives: the pure cost of the matching. */
export function handWrittenPass(input: Input): number {
  const runs = new Map<string, UserRun>();
  let matches = 0;
  const out: Record<string, unknown>[] = [];
  for (const { events, times } of input.batches) {
    out.length = 0;
    for (let j = 0; j < events.length; j++) {
      const alert = handStep(runs, events[j]!, times[j]!);
      if (alert !== null) out.push(alert);
    }
    matches += out.length;
  }
  return matches;
}

/**
 * The machine behind the operator's event-time buffer (events wait for the watermark 500 ms behind,
 * then run in time order): what the hand-written code must also do to be correct on out-of-order input.
 */
export function handWrittenBufferedPass(input: Input): number {
  const runs = new Map<string, UserRun>();
  const buffer = new EventTimeBuffer<null>();
  let matches = 0;
  const out: Record<string, unknown>[] = [];
  const visitor = {
    release(e: Event, t: number) {
      const alert = handStep(runs, e, t);
      if (alert !== null) out.push(alert);
    },
  };
  for (const { events, times } of input.batches) {
    out.length = 0;
    for (let j = 0; j < events.length; j++) buffer.add(events[j]!, times[j]!, null);
    buffer.drain(times[times.length - 1]! - MAX_DELAY_MS, visitor);
    matches += out.length;
  }
  out.length = 0;
  buffer.drain(Number.POSITIVE_INFINITY, visitor);
  return matches + out.length;
}

/** Wall-clock events/s of each case: interleaved rounds (drift hits all alike), median of RUNS. */
export async function runCepBench(): Promise<BenchRow[]> {
  const input = makeCepInput();
  const cases = [
    { name: 'cep.pattern: 3 consecutive failures per user (10k users, 5M events)', run: examplePass },
    { name: 'hand-written per-key state machine', run: handWrittenPass },
    { name: 'hand-written machine behind the same event-time buffer', run: handWrittenBufferedPass },
    { name: 'cep.pattern, timeout port connected', run: timeoutsPass },
  ];
  const counts = cases.map((c) => c.run(input)); // warm-up, and all must agree
  if (counts.some((c) => c !== counts[0]))
    throw new Error(`match counts differ: ${cases.map((c, i) => `${c.name}: ${counts[i]}`).join(', ')}`);
  const samples = cases.map(() => [] as number[]);
  const cpuSamples = cases.map(() => [] as number[]);
  for (let round = 0; round < RUNS; round++) {
    cases.forEach((c, i) => {
      const t0 = performance.now();
      const cpu0 = cpuSeconds();
      c.run(input);
      samples[i]!.push((EVENTS / (performance.now() - t0)) * 1000);
      cpuSamples[i]!.push(EVENTS / (cpuSeconds() - cpu0));
    });
  }
  const [cep, hand, buffered, withTimeouts] = samples.map(median) as [number, number, number, number];
  // on a shared machine wall time depends on the neighbours: the same runs per CPU second (GC threads included)
  const [cepCpu, handCpu] = cpuSamples.map(median) as [number, number];
  const [cepCase, handCase, bufferedCase, timeoutsCase] = cases as [
    (typeof cases)[0],
    (typeof cases)[0],
    (typeof cases)[0],
    (typeof cases)[0],
  ];
  return [
    { name: cepCase.name, eventsPerSec: cep, baseline: handCase.name, ratio: cep / hand },
    {
      name: `${cepCase.name}, vs the buffered machine`,
      eventsPerSec: cep,
      baseline: bufferedCase.name,
      ratio: cep / buffered,
    },
    {
      name: timeoutsCase.name,
      eventsPerSec: withTimeouts,
      baseline: handCase.name,
      ratio: withTimeouts / hand,
    },
    { name: `${handCase.name} (${counts[0]} matches)`, eventsPerSec: hand },
    { name: bufferedCase.name, eventsPerSec: buffered },
    {
      name: `${cepCase.name}, per CPU second`,
      eventsPerSec: cepCpu,
      baseline: `${handCase.name}, per CPU second`,
      ratio: cepCpu / handCpu,
    },
    { name: `${handCase.name}, per CPU second`, eventsPerSec: handCpu },
  ];
}
