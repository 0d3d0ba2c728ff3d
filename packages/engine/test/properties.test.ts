/**
 * The determinism guarantees of DESIGN "Time semantics", checked with fast-check:
 * (1) for any input and any micro-batch size (1..10,000) the output is identical;
 * (2) for any arrival order whose disorder stays under maxOutOfOrderness the output equals that of
 *     the time-sorted input;
 * (3) a snapshot at any barrier, restored into a new run that continues, gives the output of the
 *     uninterrupted run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMemorySource,
  createRun,
  type Event,
  OPERATORS,
  type RunSnapshot,
  runBounded,
} from '../src/index.js';
import { fixedClock, pipeline } from './helpers.js';

const DELAY = 100;
const KEYS = ['a', 'b', 'c', 'd', 'e'];

/** Events with strictly increasing base times, delivered in order of ts + a delay in [0, DELAY). */
const disorderedInput = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 60 }),
      k: fc.integer({ min: 0, max: KEYS.length - 1 }),
      v: fc.integer({ min: -50, max: 50 }),
      delay: fc.integer({ min: 0, max: DELAY - 1 }),
    }),
    { maxLength: 300 },
  )
  .map((rows) => {
    let ts = 1_000;
    const events = rows.map((r, i) => {
      ts += r.gap;
      return { event: { id: i, k: KEYS[r.k] as string, v: r.v, ts }, arrival: ts + r.delay };
    });
    const arrived = [...events]
      .sort((x, y) => x.arrival - y.arrival || x.event.id - y.event.id)
      .map((e) => e.event);
    const sorted = events.map((e) => e.event);
    return { arrived, sorted };
  });

/** Transforms only: assign-timestamps, filter, map with failures, route, dedupe, micro-batch. */
const transformsDoc = pipeline(
  [
    { id: 'src', kind: 'source.http-ingest' },
    { id: 'ts', kind: 'time.assign-timestamps', params: { maxOutOfOrdernessMs: DELAY } },
    { id: 'f', kind: 'transform.filter', params: { condition: 'v != 0' } },
    {
      id: 'm',
      kind: 'transform.map',
      params: { keepInput: true, fields: [{ name: 'r', expr: '100 / (v % 7)' }] },
    },
    { id: 'route', kind: 'transform.route', params: { routes: [{ port: 'pos', condition: 'v > 0' }] } },
    { id: 'd', kind: 'transform.dedupe', params: { keyBy: ['k'], withinMs: 80 } },
    { id: 'mb', kind: 'transform.micro-batch', params: { maxEvents: 7 } },
    { id: 'out', kind: 'sink.table' },
    { id: 'neg', kind: 'sink.table' },
    { id: 'batches', kind: 'sink.file', params: { path: 'x.jsonl' } },
  ],
  [
    'src->ts',
    'ts->f',
    'f->m',
    'm->route',
    'route.pos->d',
    'd->out',
    'route.unmatched->neg',
    'ts->mb',
    'mb->batches',
  ],
);

/** Event-time operators whose output does not depend on arrival order: dedupe and a keyed window. */
const eventTimeDoc = (withWindow: boolean) =>
  pipeline(
    [
      { id: 'src', kind: 'source.http-ingest' },
      { id: 'ts', kind: 'time.assign-timestamps', params: { maxOutOfOrdernessMs: DELAY } },
      { id: 'd', kind: 'transform.dedupe', params: { keyBy: ['k'], withinMs: 50 } },
      { id: 'dd', kind: 'sink.table' },
      ...(withWindow
        ? [
            { id: 'key', kind: 'transform.key-by', params: { fields: ['k'] } },
            {
              id: 'w',
              kind: 'window.tumbling',
              params: {
                sizeMs: 200,
                aggregations: [
                  { name: 'n', fn: 'count' },
                  { name: 'total', fn: 'sum', field: 'v' },
                  { name: 'top', fn: 'max', field: 'v' },
                ],
              },
            },
            { id: 'wout', kind: 'sink.table' },
            {
              id: 'slide',
              kind: 'window.sliding',
              params: { sizeMs: 300, slideMs: 100, keyBy: ['k'], aggregations: [{ name: 'n', fn: 'count' }] },
            },
            { id: 'sout', kind: 'sink.table' },
            {
              id: 'sess',
              kind: 'window.session',
              params: {
                gapMs: 40,
                keyBy: ['k'],
                aggregations: [
                  { name: 'n', fn: 'count' },
                  { name: 'total', fn: 'sum', field: 'v' },
                ],
              },
            },
            { id: 'xout', kind: 'sink.table' },
          ]
        : []),
    ],
    [
      'src->ts',
      'ts->d',
      'd->dd',
      ...(withWindow
        ? ['ts->key', 'key->w', 'w->wout', 'ts->slide', 'slide->sout', 'ts->sess', 'sess->xout']
        : []),
    ],
  );

const hasWindows = ['window.tumbling', 'window.sliding', 'window.session'].every((k) => k in OPERATORS);
const eventTime = eventTimeDoc(hasWindows);

const run = (doc: unknown, events: Event[], maxEvents: number, watermarkEvery = 1) =>
  runBounded(doc, { inputs: { src: events }, maxEvents, watermarkEvery, clock: fixedClock() }).then(
    (r) => r.outputs,
  );

describe('property: the micro-batch size never changes the output', () => {
  it('transforms', async () => {
    await fc.assert(
      fc.asyncProperty(disorderedInput, fc.integer({ min: 1, max: 10_000 }), async ({ arrived }, size) => {
        expect(await run(transformsDoc, arrived, size)).toEqual(await run(transformsDoc, arrived, 10_000));
      }),
      { numRuns: 60 },
    );
  });

  it(`event-time operators${hasWindows ? ' and keyed tumbling, sliding and session windows' : ''}, any watermark cadence`, async () => {
    await fc.assert(
      fc.asyncProperty(
        disorderedInput,
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 5 }),
        async ({ arrived }, size, every) => {
          const reference = await run(eventTime, arrived, 10_000);
          expect(await run(eventTime, arrived, size, every)).toEqual(reference);
          for (const late of ['w.late', 'slide.late', 'sess.late']) expect(reference[late] ?? []).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('property: disorder under maxOutOfOrderness gives the output of the time-sorted input', () => {
  it(`dedupe${hasWindows ? ' and keyed tumbling, sliding and session windows' : ''}`, async () => {
    await fc.assert(
      fc.asyncProperty(
        disorderedInput,
        fc.integer({ min: 1, max: 64 }),
        async ({ arrived, sorted }, size) => {
          const expected = await run(eventTime, sorted, size);
          const sinks = hasWindows ? ['dd', 'wout', 'sout', 'xout'] : ['dd'];
          if (sorted.length > 0) for (const sink of sinks) expect(expected[sink]).not.toEqual([]);
          expect(await run(eventTime, arrived, size)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('property: snapshot at any barrier + restore + continue == uninterrupted run', () => {
  /** Generator with disorder -> assign-timestamps -> transforms, dedupe, micro-batch (+ window). */
  const doc = pipeline(
    [
      {
        id: 'gen',
        kind: 'source.generator',
        params: {
          preset: 'sensors',
          limit: 600,
          ratePerSec: 50,
          maxOutOfOrdernessMs: 300,
          keyCardinality: 4,
          pacing: 'max',
        },
      },
      { id: 'src', kind: 'source.http-ingest' },
      { id: 'u', kind: 'transform.union' },
      { id: 'ts', kind: 'time.assign-timestamps', params: { maxOutOfOrdernessMs: 300 } },
      { id: 'f', kind: 'transform.filter', params: { condition: 'temperature > 14.0' } },
      { id: 'd', kind: 'transform.dedupe', params: { keyBy: ['sensor'], withinMs: 70 } },
      { id: 'dd', kind: 'sink.table' },
      { id: 'mb', kind: 'transform.micro-batch', params: { maxEvents: 9 } },
      { id: 'batches', kind: 'sink.file', params: { path: 'x.jsonl' } },
      ...(hasWindows
        ? [
            {
              id: 'w',
              kind: 'window.tumbling',
              params: {
                sizeMs: 1000,
                keyBy: ['sensor'],
                aggregations: [
                  { name: 'n', fn: 'count' },
                  { name: 'avg', fn: 'avg', field: 'temperature' },
                ],
              },
            },
            { id: 'wout', kind: 'sink.table' },
          ]
        : []),
    ],
    [
      'gen->u',
      'src->u',
      'u->ts',
      'ts->f',
      'f->d',
      'd->dd',
      'f->mb',
      'mb->batches',
      ...(hasWindows ? ['f->w', 'w->wout'] : []),
    ],
  );
  const extra: Event[] = Array.from({ length: 200 }, (_, i) => ({
    sensor: `sensor-${i % 3}`,
    temperature: 10 + (i % 13),
    humidity: 50,
    ts: 1_700_000_000_000 + i * 57,
  }));
  const sinks = ['dd', 'batches', ...(hasWindows ? ['wout'] : [])];

  function start(maxEvents: number, restoreFrom?: RunSnapshot) {
    const r = createRun(doc, {
      clock: fixedClock(),
      maxEvents,
      maxDelayMs: 0,
      sourceOverrides: { src: createMemorySource('src', extra) },
      ...(restoreFrom ? { restoreFrom } : {}),
    });
    const out: Record<string, Event[]> = Object.fromEntries(sinks.map((s) => [s, []]));
    for (const s of sinks) r.watchSink(s, (events) => out[s]?.push(...events));
    return { r, out };
  }

  /** Steps to the end; a bounded run that has not ended after this many steps is a bug. */
  const finish = (r: ReturnType<typeof createRun>) => {
    for (let i = 1; i < 100_000; i++) if (r.step() === 'finished') return i;
    throw new Error('the run did not finish');
  };

  it('for any barrier and batch size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (maxEvents, at) => {
          const whole = start(maxEvents);
          const steps = finish(whole.r);
          for (const s of sinks) expect(whole.out[s]?.length).toBeGreaterThan(0);

          // The barrier falls between two steps, anywhere from before the first to before the last.
          const barrier = Math.min(steps - 1, Math.floor(at * steps));
          const first = start(maxEvents);
          for (let i = 0; i < barrier; i++) expect(first.r.step()).not.toBe('finished');
          const snapshot = JSON.parse(JSON.stringify(first.r.checkpoint())) as RunSnapshot;
          const second = start(maxEvents, snapshot);
          finish(second.r);
          for (const s of sinks)
            expect([...(first.out[s] ?? []), ...(second.out[s] ?? [])]).toEqual(whole.out[s]);
        },
      ),
      { numRuns: 40 },
    );
  });
});
