import { describe, expect, it } from 'vitest';
import { type Event, runBounded } from '../src/index.js';
import { fixedClock, pipeline } from './helpers.js';

/**
 * Oracle: 300,000 generated events with bounded disorder through tumbling, sliding and session
 * windows in the runtime, compared with a straightforward reference computed here from the whole
 * input at once (no watermarks, no incremental state).
 */

const EVENTS = 300_000;
const KEYS = 50;
const MAX_DELAY = 40;
const AGGS = [
  { name: 'n', fn: 'count' },
  { name: 'sum', fn: 'sum', field: 'v' },
  { name: 'min', fn: 'min', field: 'v' },
  { name: 'max', fn: 'max', field: 'v' },
  { name: 'first', fn: 'first', field: 'v' },
  { name: 'last', fn: 'last', field: 'v' },
  { name: 'avg', fn: 'avg', field: 'v' },
];

interface Input {
  k: string;
  v: number;
  ts: number;
  /** Arrival position: ties of first/last break by it. */
  arrival: number;
}

function generate(): Input[] {
  // mulberry32: exact 32-bit arithmetic (an LCG computed in doubles loses its low bits).
  let seed = 12_345;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  let ts = 1_600_000_000_000;
  const timed = [];
  for (let i = 0; i < EVENTS; i++) {
    ts += Math.floor(rnd() * 6);
    // Skewed keys: low numbers are hot.
    const key = Math.floor(rnd() * rnd() * KEYS);
    timed.push({
      k: `k${String(key).padStart(2, '0')}`,
      v: Math.floor(rnd() * 201) - 100,
      ts,
      due: ts + rnd() * MAX_DELAY,
    });
  }
  timed.sort((a, b) => a.due - b.due);
  return timed.map(({ k, v, ts }, arrival) => ({ k, v, ts, arrival }));
}

interface Acc {
  k: string;
  start: number;
  end: number;
  n: number;
  sum: number;
  min: number;
  max: number;
  first: Input;
  last: Input;
}

const earlier = (a: Input, b: Input) => a.ts < b.ts || (a.ts === b.ts && a.arrival < b.arrival);

function accumulate(groups: Map<string, Acc>, e: Input, start: number, end: number): void {
  const id = `${e.k}|${start}|${end}`;
  const a = groups.get(id);
  if (!a) {
    groups.set(id, { k: e.k, start, end, n: 1, sum: e.v, min: e.v, max: e.v, first: e, last: e });
    return;
  }
  a.n++;
  a.sum += e.v;
  a.min = Math.min(a.min, e.v);
  a.max = Math.max(a.max, e.v);
  if (earlier(e, a.first)) a.first = e;
  if (!earlier(e, a.last)) a.last = e;
}

function results(groups: Iterable<Acc>): Event[] {
  return [...groups]
    .sort((a, b) => a.end - b.end || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((a) => ({
      k: a.k,
      window_start: a.start,
      window_end: a.end,
      window_fire: 'final',
      n: a.n,
      sum: a.sum,
      min: a.min,
      max: a.max,
      first: a.first.v,
      last: a.last.v,
      avg: a.sum / a.n,
    }));
}

function referenceSliding(input: Input[], size: number, slide: number): Event[] {
  const groups = new Map<string, Acc>();
  for (const e of input)
    for (let start = Math.floor(e.ts / slide) * slide; start > e.ts - size; start -= slide)
      accumulate(groups, e, start, start + size);
  return results(groups.values());
}

/** Sessions: per key in time order, a new session when an event comes later than last time + gap. */
function referenceSessions(input: Input[], gap: number): Event[] {
  const byKey = new Map<string, Input[]>();
  for (const e of input) {
    const list = byKey.get(e.k);
    if (list) list.push(e);
    else byKey.set(e.k, [e]);
  }
  const sessions: Acc[] = [];
  for (const events of byKey.values()) {
    events.sort((a, b) => (earlier(a, b) ? -1 : 1));
    let current: Map<string, Acc> | undefined;
    let start = 0;
    let lastTs = Number.NEGATIVE_INFINITY;
    for (const e of events) {
      if (e.ts > lastTs + gap) {
        if (current) sessions.push(...fixEnd(current, lastTs + gap));
        current = new Map();
        start = e.ts;
      }
      lastTs = e.ts;
      accumulate(current as Map<string, Acc>, e, start, 0);
    }
    if (current) sessions.push(...fixEnd(current, lastTs + gap));
  }
  return results(sessions);
}

const fixEnd = (m: Map<string, Acc>, end: number) => [...m.values()].map((a) => ({ ...a, end }));

describe('windows against a reference computation', () => {
  it('agree on 300,000 events with bounded disorder', async () => {
    const input = generate();
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        {
          id: 'ts',
          kind: 'time.assign-timestamps',
          params: { timestamp: 'ts', maxOutOfOrdernessMs: MAX_DELAY },
        },
        {
          id: 'tumbling',
          kind: 'window.tumbling',
          params: { sizeMs: 1000, keyBy: ['k'], aggregations: AGGS },
        },
        {
          id: 'sliding',
          kind: 'window.sliding',
          params: { sizeMs: 1000, slideMs: 250, keyBy: ['k'], aggregations: AGGS },
        },
        { id: 'session', kind: 'window.session', params: { gapMs: 300, keyBy: ['k'], aggregations: AGGS } },
        { id: 'tout', kind: 'sink.table' },
        { id: 'sout', kind: 'sink.table' },
        { id: 'sesout', kind: 'sink.table' },
      ],
      [
        'src->ts',
        'ts->tumbling',
        'ts->sliding',
        'ts->session',
        'tumbling->tout',
        'sliding->sout',
        'session->sesout',
      ],
    );
    const r = await runBounded(doc, {
      inputs: { src: input.map(({ k, v, ts }) => ({ k, v, ts })) },
      maxEvents: 512,
      clock: fixedClock(),
    });
    for (const node of ['tumbling', 'sliding', 'session']) expect(r.metrics.nodes[node]?.late).toBe(0);

    const tumbling = referenceSliding(input, 1000, 1000);
    const sliding = referenceSliding(input, 1000, 250);
    const sessions = referenceSessions(input, 300);
    // Enough windows of each kind for the comparison to mean something.
    expect(tumbling.length).toBeGreaterThan(10_000);
    expect(sliding.length).toBeGreaterThan(3 * tumbling.length);
    expect(sessions.length).toBeGreaterThan(10_000);
    expect(r.outputs.tout).toEqual(tumbling);
    expect(r.outputs.sout).toEqual(sliding);
    expect(r.outputs.sesout).toEqual(sessions);
  }, 120_000);
});
