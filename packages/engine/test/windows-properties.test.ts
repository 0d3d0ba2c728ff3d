import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemorySource, createRun, type Event, type RunSnapshot, runBounded } from '../src/index.js';
import { fixedClock, pipeline } from './helpers.js';

/**
 * DESIGN.md's determinism claims for windows and joins, checked through the whole runtime:
 * (1) any micro-batch size and watermark cadence gives the same output;
 * (2) an arrival order whose disorder stays under maxOutOfOrderness gives the output of the
 *     time-sorted input;
 * (3) a snapshot at any barrier, restored and continued, gives the uninterrupted output.
 */

const MAX_DELAY = 60;

const ALL_AGGREGATIONS = [
  { name: 'n', fn: 'count' },
  { name: 'sum', fn: 'sum', field: 'v' },
  { name: 'avg', fn: 'avg', field: 'v' },
  { name: 'min', fn: 'min', field: 'v' },
  { name: 'max', fn: 'max', field: 'v' },
  { name: 'first', fn: 'first', field: 'v' },
  { name: 'last', fn: 'last', field: 'v' },
  { name: 'distinct', fn: 'distinct_count', field: 'v' },
  { name: 'p90', fn: 'percentile', field: 'v', quantile: 0.9 },
  { name: 'top', fn: 'top_n', field: 'v', limit: 2 },
  { name: 'vs', fn: 'collect', field: 'v', limit: 5 },
];

const doc = pipeline(
  [
    { id: 'src', kind: 'source.http-ingest' },
    { id: 'ts', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: MAX_DELAY } },
    {
      id: 'tumbling',
      kind: 'window.tumbling',
      params: { sizeMs: 100, offsetMs: 7, keyBy: ['k'], aggregations: ALL_AGGREGATIONS },
    },
    {
      id: 'sliding',
      kind: 'window.sliding',
      params: { sizeMs: 100, slideMs: 30, keyBy: ['k'], aggregations: ALL_AGGREGATIONS },
    },
    {
      id: 'session',
      kind: 'window.session',
      params: { gapMs: 25, keyBy: ['k'], aggregations: ALL_AGGREGATIONS },
    },
    {
      id: 'global',
      kind: 'window.tumbling',
      params: { sizeMs: 250, aggregations: [{ name: 'keys', fn: 'distinct_count', field: 'k' }] },
    },
    { id: 'wjoin', kind: 'join.window-join', params: { leftKey: ['k'], rightKey: ['k'], sizeMs: 50 } },
    {
      id: 'ijoin',
      kind: 'join.interval-join',
      params: { leftKey: ['k'], rightKey: ['k'], lowerBoundMs: -10, upperBoundMs: 5 },
    },
    {
      id: 'counts',
      kind: 'window.count',
      params: { sizeEvents: 3, slideEvents: 2, keyBy: ['k'], aggregations: ALL_AGGREGATIONS },
    },
    { id: 'tout', kind: 'sink.table' },
    { id: 'sout', kind: 'sink.table' },
    { id: 'sesout', kind: 'sink.table' },
    { id: 'gout', kind: 'sink.table' },
    { id: 'wjout', kind: 'sink.table' },
    { id: 'ijout', kind: 'sink.table' },
    { id: 'cout', kind: 'sink.table' },
  ],
  [
    'src->ts',
    'ts->tumbling',
    'ts->sliding',
    'ts->session',
    'ts->global',
    'ts->wjoin.left',
    'ts->wjoin.right',
    'ts->ijoin.left',
    'ts->ijoin.right',
    'ts->counts',
    'tumbling->tout',
    'sliding->sout',
    'session->sesout',
    'global->gout',
    'wjoin->wjout',
    'ijoin->ijout',
    'counts->cout',
  ],
);

/** Sinks whose output depends only on event times (count windows follow arrival order, as in Flink). */
const TIME_DETERMINED = ['tout', 'sout', 'sesout', 'gout', 'wjout', 'ijout'];
const ALL_SINKS = [...TIME_DETERMINED, 'cout'];

interface Generated {
  k: string;
  v: number;
  gap: number;
  delay: number;
}

const generated = fc.array(
  fc.record({
    k: fc.constantFrom('a', 'b', 'c'),
    v: fc.integer({ min: -50, max: 50 }),
    gap: fc.integer({ min: 0, max: 30 }),
    delay: fc.integer({ min: 0, max: MAX_DELAY - 1 }),
  }),
  { maxLength: 250 },
);

/**
 * Events with event times growing by `gap`, in an arrival order where each event is held back by
 * its `delay` (< MAX_DELAY): an event never arrives MAX_DELAY or more behind one that came earlier,
 * so none is late.
 */
function arrivals(gen: Generated[]): Event[] {
  let ts = 1_000_000;
  const events = gen.map((g, i) => {
    ts += g.gap;
    return { event: { k: g.k, v: g.v, ts, id: i }, arrival: ts + g.delay };
  });
  return events.sort((a, b) => a.arrival - b.arrival).map((e) => e.event);
}

const timeSorted = (events: Event[]) => [...events].sort((a, b) => (a.ts as number) - (b.ts as number));

async function run(events: Event[], maxEvents = 64, watermarkEvery = 1) {
  const r = await runBounded(doc, {
    inputs: { src: events },
    maxEvents,
    watermarkEvery,
    clock: fixedClock(),
  });
  for (const node of ['tumbling', 'sliding', 'session', 'global', 'wjoin', 'ijoin', 'counts'])
    expect(r.metrics.nodes[node]?.late ?? 0, `${node} saw late events`).toBe(0);
  return r.outputs;
}

describe('window and join determinism', () => {
  it('(1) gives the same output for any micro-batch size (1..10,000) and watermark cadence', async () => {
    await fc.assert(
      fc.asyncProperty(
        generated,
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 20 }),
        async (gen, maxEvents, watermarkEvery) => {
          const events = arrivals(gen);
          const reference = await run(events, 1, 1);
          if (events.length > 0) expect(reference.tout?.length).toBeGreaterThan(0);
          const other = await run(events, maxEvents, watermarkEvery);
          for (const sink of ALL_SINKS) expect(other[sink], sink).toEqual(reference[sink]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('(2) gives the output of the time-sorted input for any arrival disorder under maxOutOfOrderness', async () => {
    await fc.assert(
      fc.asyncProperty(generated, fc.integer({ min: 1, max: 300 }), async (gen, maxEvents) => {
        const events = arrivals(gen);
        const disordered = await run(events, maxEvents);
        const sorted = await run(timeSorted(events), maxEvents);
        for (const sink of TIME_DETERMINED) expect(disordered[sink], sink).toEqual(sorted[sink]);
      }),
      { numRuns: 40 },
    );
  });

  it('(3) restores a snapshot taken at any barrier into a run that continues with identical output', () => {
    fc.assert(
      fc.property(
        generated,
        fc.integer({ min: 1, max: 100 }),
        fc.nat({ max: 60 }),
        (gen, maxEvents, barrier) => {
          const events = arrivals(gen);
          const start = (restoreFrom?: RunSnapshot) => {
            const r = createRun(doc, {
              clock: fixedClock(),
              maxEvents,
              maxDelayMs: 0,
              sourceOverrides: { src: createMemorySource('src', events) },
              ...(restoreFrom ? { restoreFrom } : {}),
            });
            const out: Record<string, Event[]> = Object.fromEntries(ALL_SINKS.map((s) => [s, []]));
            for (const s of ALL_SINKS) r.watchSink(s, (batch) => out[s]?.push(...batch));
            return { r, out };
          };
          const whole = start();
          while (whole.r.step() !== 'finished');

          const first = start();
          let ended = false;
          for (let i = 0; i < barrier && !ended; i++) ended = first.r.step() === 'finished';
          if (ended) return;
          const snapshot = JSON.parse(JSON.stringify(first.r.checkpoint())) as RunSnapshot;
          const second = start(snapshot);
          while (second.r.step() !== 'finished');
          for (const s of ALL_SINKS)
            expect([...(first.out[s] ?? []), ...(second.out[s] ?? [])], s).toEqual(whole.out[s]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
