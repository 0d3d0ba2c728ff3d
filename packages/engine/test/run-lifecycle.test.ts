import { describe, expect, it } from 'vitest';
import { createQueueSource, createRun, type Event } from '../src/index.js';
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
    await new Promise((r) => setTimeout(r, 30));
    await run.stop();
    expect(await run.done).toEqual({ state: 'stopped' });
    expect(ends).toEqual(['stopped']);
    expect(run.metrics().nodes.gen?.out).toBeGreaterThan(0);
    expect(run.step()).toBe('finished');
  });
});

describe('micro-batches from sources', () => {
  it('holds a partial batch until maxDelayMs passed, pushes a full one at once', () => {
    const clock = manualClock(0);
    const src = createQueueSource('src', { capacity: 100 });
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
    src.offer([{ a: 1 }]);
    expect(run.step()).toBe('idle');
    clock.advance(19);
    src.offer([{ a: 2 }]);
    expect(run.step()).toBe('idle');
    clock.advance(1);
    expect(run.step()).toBe('progress');
    src.offer([{ a: 3 }, { a: 4 }, { a: 5 }, { a: 6 }]);
    expect(run.step()).toBe('progress');
    expect(batches).toEqual([2, 3]);
    src.end();
    expect(run.step()).toBe('finished');
    expect(batches).toEqual([2, 3, 1]);
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
