import { describe, expect, it } from 'vitest';
import { createQueueSource, createRun, type Event, type Source } from '../src/index.js';
import { manualClock, pipeline } from './helpers.js';

const genDoc = (params: Record<string, unknown>, settings: Record<string, unknown> = {}) =>
  pipeline(
    [
      { id: 'gen', kind: 'source.generator', params },
      { id: 'f', kind: 'transform.filter', params: { condition: 'true' } },
      { id: 'out', kind: 'sink.table' },
    ],
    ['gen->f', 'f->out'],
    settings,
  );

describe('the background driver', () => {
  it('runs a realtime bounded generator to the end without blocking, then resolves done', async () => {
    const run = createRun(
      genDoc(
        { ratePerSec: 2000, limit: 100, pacing: 'realtime' },
        { microBatch: { maxEvents: 16, maxDelayMs: 5 } },
      ),
    );
    let timerFired = false;
    setTimeout(() => {
      timerFired = true;
    }, 1);
    const began = Date.now();
    run.start();
    expect(await run.done).toEqual({ state: 'finished' });
    expect(Date.now() - began).toBeGreaterThanOrEqual(40); // 100 events at 2000/s take ~50 ms of wall clock
    expect(timerFired).toBe(true);
    expect(run.collected().out).toHaveLength(100);
    expect(run.metrics().state).toBe('finished');
  });

  it('stops an unbounded run on request and tells the end listeners', async () => {
    const run = createRun(genDoc({ ratePerSec: 1000, pacing: 'realtime' }));
    const ends: string[] = [];
    run.onEnd((e) => ends.push(e.state));
    run.start();
    // Until the first batch went through (30 ms on a quiet machine; a loaded one takes longer).
    for (let waited = 0; !(run.metrics().nodes.gen?.out ?? 0) && waited < 10_000; waited += 10)
      await new Promise((r) => setTimeout(r, 10));
    await run.stop();
    expect(await run.done).toEqual({ state: 'stopped' });
    expect(ends).toEqual(['stopped']);
    expect(run.metrics().nodes.gen?.out).toBeGreaterThan(0);
    expect(run.step()).toBe('finished');
  });
});

describe('micro-batches from sources', () => {
  it('holds a partial batch of a pull source until maxDelayMs passed, pushes a full one at once', () => {
    const clock = manualClock(0);
    // A pull source that does not report `drained` (as a generator or file replay): batches wait.
    const ready: Event[] = [];
    let ended = false;
    const src: Source = {
      nodeId: 'src',
      poll: (n) => ({ events: ready.splice(0, n), ended: ended && ready.length === 0 }),
      offset: () => 0,
      restore: () => {},
    };
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        { id: 'out', kind: 'sink.table' },
      ],
      ['src->out'],
      { microBatch: { maxEvents: 3, maxDelayMs: 20 } },
    );
    const run = createRun(doc, { clock: clock.now, sourceOverrides: { src } });
    const batches: number[] = [];
    run.watchSink('out', (events) => batches.push(events.length));
    ready.push({ a: 1 });
    expect(run.step()).toBe('idle');
    clock.advance(19);
    ready.push({ a: 2 });
    expect(run.step()).toBe('idle');
    clock.advance(1);
    expect(run.step()).toBe('progress');
    ready.push({ a: 3 }, { a: 4 }, { a: 5 }, { a: 6 });
    expect(run.step()).toBe('progress');
    expect(batches).toEqual([2, 3]);
    ended = true;
    expect(run.step()).toBe('finished');
    expect(batches).toEqual([2, 3, 1]);
  });

  it("a source's malformed input goes to its error port and error count, beside its events", () => {
    let polls = 0;
    const src = {
      nodeId: 'mq',
      poll: () => {
        polls++;
        return polls === 1
          ? { events: [{ v: 1 }], ended: false, errors: [{ payload: '{', error: 'payload is not JSON' }] }
          : { events: [], ended: true };
      },
      offset: () => null,
      restore: () => {},
    };
    const doc = pipeline(
      [
        { id: 'mq', kind: 'source.mqtt' },
        { id: 'out', kind: 'sink.table' },
        { id: 'bad', kind: 'sink.event-log' },
      ],
      ['mq->out', 'mq.error->bad'],
      { microBatch: { maxEvents: 10, maxDelayMs: 0 } },
    );
    const run = createRun(doc, { clock: manualClock(0).now, sourceOverrides: { mq: src } });
    while (run.step() !== 'finished');
    expect(run.collected().out).toEqual([{ v: 1 }]);
    expect(run.collected().bad).toEqual([{ payload: '{', error: 'payload is not JSON' }]);
    expect(run.metrics().nodes.mq).toMatchObject({ out: 1, errors: 1 });
  });

  it('a full queue refuses what does not fit, with a reason', () => {
    const q = createQueueSource('q', { capacity: 2 });
    expect(q.offer([{ a: 1 }])).toEqual({ accepted: 1, rejected: 0 });
    expect(q.offer([{ a: 2 }, { a: 3 }])).toEqual({
      accepted: 1,
      rejected: 1,
      reason: 'queue full (2 events waiting)',
    });
    expect(q.isFull()).toBe(true);
    expect(q.poll(10, 0).events).toEqual([{ a: 1 }, { a: 2 }]);
    expect(q.isFull()).toBe(false);
  });
});

describe('observation', () => {
  it('taps an edge with at most maxEventsPerSec events per second, handed out when the second ends', () => {
    const clock = manualClock(0);
    const run = createRun(
      genDoc({ limit: 100, pacing: 'max' }, { microBatch: { maxEvents: 10, maxDelayMs: 0 } }),
      {
        clock: clock.now,
      },
    );
    const sampled: Event[] = [];
    const untap = run.tap('e0', (events) => sampled.push(...events), { maxEventsPerSec: 4 });
    run.step();
    run.step();
    expect(sampled).toHaveLength(0);
    clock.advance(1000);
    run.step();
    // Four of the first second's 20 events, in arrival order.
    expect(sampled).toHaveLength(4);
    const seq = sampled.map((e) => Number(e.ts));
    expect([...seq].sort((a, b) => a - b)).toEqual(seq);
    untap();
    clock.advance(1000);
    run.step();
    expect(sampled).toHaveLength(4);
    expect(() => run.tap('nope', () => {})).toThrow(/no edge/);
    expect(() => run.tap('e0', () => {}, { filter: 'temperature >' })).toThrow();
  });

  it('reports counts, rates per second of the clock, latency, state size and edge rates', () => {
    const clock = manualClock(0);
    const doc = pipeline(
      [
        { id: 'gen', kind: 'source.generator', params: { limit: 1000, pacing: 'max', keyCardinality: 5 } },
        { id: 'ts', kind: 'time.assign-timestamps', params: { maxOutOfOrdernessMs: 0 } },
        { id: 'd', kind: 'transform.dedupe', params: { keyBy: ['sensor'], withinMs: 1_000_000 } },
        { id: 'out', kind: 'sink.table' },
      ],
      ['gen->ts', 'ts->d', 'd->out'],
      { microBatch: { maxEvents: 100, maxDelayMs: 0 } },
    );
    const run = createRun(doc, { clock: clock.now });
    for (let i = 0; i < 5; i++) run.step();
    clock.advance(1000);
    const m = run.metrics();
    expect(m.nodes.gen).toMatchObject({ out: 500, outPerSec: 500 });
    expect(m.nodes.ts).toMatchObject({ in: 500, out: 500, inPerSec: 500 });
    expect(m.nodes.d?.stateKeys).toBe(5);
    expect(m.nodes.d?.out).toBe(5);
    expect(m.nodes.ts?.watermark).toBe(1_700_000_000_000 + 499 * 10);
    expect(m.edges).toMatchObject({ e0: 500, e1: 500, e2: 5 });
    expect(m.nodes.ts?.latencyP99Ms).toBeGreaterThan(0);
    expect(m.nodes.ts?.latencyP99Ms).toBeGreaterThanOrEqual(m.nodes.ts?.latencyP50Ms ?? 0);
  });
});

describe('failures', () => {
  it('a sink or operator that throws (a bug, not bad input) fails the run with a message naming the node', async () => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        { id: 'u', kind: 'transform.union' },
        { id: 'out', kind: 'sink.table' },
      ],
      ['src->u', 'u->out'],
    );
    const src = createQueueSource('src', { capacity: 10 });
    const run = createRun(doc, {
      maxDelayMs: 0,
      sourceOverrides: { src },
      sinkFor: () => ({
        nodeId: 'out',
        write: () => {
          throw new Error('disk full');
        },
      }),
    });
    src.offer([{ a: 1 }]);
    run.step();
    expect(await run.done).toEqual({ state: 'failed', error: 'node out (sink.table) failed: disk full' });
    expect(run.metrics()).toMatchObject({
      state: 'failed',
      error: 'node out (sink.table) failed: disk full',
    });
  });
});

describe('push sources are not held for the batching delay', () => {
  const ingestDoc = (maxDelayMs: number) =>
    pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        { id: 'out', kind: 'sink.table' },
      ],
      ['src->out'],
      { microBatch: { maxEvents: 512, maxDelayMs } },
    );

  it('a drained queue pushes what it gave at once, without waiting maxDelayMs of the clock', () => {
    const clock = manualClock(0);
    const src = createQueueSource('src', { capacity: 10_000 });
    const run = createRun(ingestDoc(20), { clock: clock.now, sourceOverrides: { src } });
    const seen: number[] = [];
    run.watchSink('out', (events) => seen.push(events.length));
    src.offer([{ v: 1 }, { v: 2 }]);
    run.step();
    expect(seen).toEqual([2]); // the clock did not move: before, these waited 20 ms
    // More than a batch queued: full batches, then the rest once the queue is empty.
    src.offer(Array.from({ length: 1100 }, (_, v) => ({ v })));
    run.step();
    run.step();
    run.step();
    expect(seen).toEqual([2, 512, 512, 76]);
  });

  it('wake() runs a step at once instead of after the idle delay', async () => {
    const src = createQueueSource('src', { capacity: 100 });
    // Idle delay = min(maxDelayMs, watermark interval): long enough that only wake() explains a quick delivery.
    const run = createRun(
      {
        ...ingestDoc(1000),
        settings: { microBatch: { maxEvents: 512, maxDelayMs: 1000 }, watermarkIntervalMs: 1000 },
      },
      { sourceOverrides: { src } },
    );
    const arrived: number[] = [];
    run.watchSink('out', () => arrived.push(Date.now()));
    run.start();
    await new Promise((r) => setTimeout(r, 50)); // the driver is now waiting out its idle delay
    const sent = Date.now();
    src.offer([{ v: 1 }]);
    run.wake();
    while (arrived.length === 0 && Date.now() - sent < 900) await new Promise((r) => setTimeout(r, 5));
    await run.stop();
    expect(arrived).toHaveLength(1);
    expect((arrived[0] as number) - sent).toBeLessThan(500);
  });
});
