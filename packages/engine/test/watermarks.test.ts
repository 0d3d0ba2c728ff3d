import { describe, expect, it } from 'vitest';
import { createQueueSource, createRun, type Event } from '../src/index.js';
import { manualClock, pipeline } from './helpers.js';

/** Two ingest sources, each with its own assign-timestamps, merged by a union into a tumbling window. */
function twoInputs(idleTimeoutMs: number) {
  const clock = manualClock(0);
  const a = createQueueSource('a', { capacity: 100 });
  const b = createQueueSource('b', { capacity: 100 });
  const assign = { timestamp: 'ts', maxOutOfOrdernessMs: 0, idleTimeoutMs };
  const doc = pipeline(
    [
      { id: 'a', kind: 'source.http-ingest' },
      { id: 'b', kind: 'source.http-ingest' },
      { id: 'ta', kind: 'time.assign-timestamps', params: assign },
      { id: 'tb', kind: 'time.assign-timestamps', params: assign },
      { id: 'u', kind: 'transform.union' },
      { id: 'w', kind: 'window.tumbling', params: { sizeMs: 100 } },
      { id: 'out', kind: 'sink.table' },
    ],
    ['a->ta', 'b->tb', 'ta->u', 'tb->u', 'u->w', 'w->out'],
    { microBatch: { maxEvents: 100, maxDelayMs: 0 } },
  );
  const run = createRun(doc, { clock: clock.now, sourceOverrides: { a, b } });
  const results: Event[] = [];
  run.watchSink('out', (events) => results.push(...events));
  const wm = (id: string) => run.metrics().nodes[id]?.watermark;
  const brief = () => results.map((r) => [r.window_start, r.count]);
  return { clock, a, b, run, wm, brief };
}

describe('watermarks across the graph', () => {
  it('an operator with several inputs takes the minimum of their watermarks', () => {
    const t = twoInputs(0);
    t.a.offer([{ ts: 50 }]);
    t.b.offer([{ ts: 250 }]);
    t.run.step();
    expect(t.wm('ta')).toBe(50);
    expect(t.wm('tb')).toBe(250);
    expect(t.wm('u')).toBe(50);
    expect(t.wm('w')).toBe(50);
    expect(t.brief()).toEqual([]);
    t.a.offer([{ ts: 180 }]);
    t.run.step();
    expect(t.wm('u')).toBe(180);
    expect(t.brief()).toEqual([[0, 1]]); // [0,100) fires when the watermark reaches 99
  });

  it('an input idle past its timeout stops holding the minimum back', () => {
    const t = twoInputs(1000);
    t.a.offer([{ ts: 50 }]);
    t.b.offer([{ ts: 20 }]);
    t.run.step();
    expect(t.wm('u')).toBe(20);
    t.clock.set(999);
    t.a.offer([{ ts: 450 }]);
    t.run.step();
    expect(t.wm('u')).toBe(20); // b not idle yet: 999 ms since its last event
    t.clock.set(1000);
    t.run.step();
    expect(t.wm('u')).toBe(450); // b idle: only a counts
    expect(t.brief()).toEqual([[0, 2]]);
    // b wakes up: it holds the minimum again, which never goes back.
    t.b.offer([{ ts: 30 }]);
    t.a.offer([{ ts: 900 }]);
    t.run.step();
    expect(t.wm('tb')).toBe(30);
    expect(t.wm('u')).toBe(450);
  });

  it('end of every input advances to +Infinity and flushes the windows', () => {
    const t = twoInputs(0);
    t.a.offer([{ ts: 50 }, { ts: 120 }]);
    t.b.offer([{ ts: 130 }]);
    t.run.step();
    expect(t.brief()).toEqual([[0, 1]]); // min(120, 130) passed 99
    t.a.end();
    t.run.step();
    expect(t.wm('u')).toBe(130); // b still open
    t.b.end();
    expect(t.run.step()).toBe('finished');
    expect(t.brief()).toEqual([
      [0, 1],
      [100, 2],
    ]);
    expect(t.run.metrics().state).toBe('finished');
  });
});

describe('processing time', () => {
  it('without assign-timestamps, times are the processing times of the injected clock', () => {
    const clock = manualClock(5000);
    const src = createQueueSource('src', { capacity: 10 });
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        { id: 'f', kind: 'transform.filter', params: { condition: 'true' } },
        { id: 'out', kind: 'sink.console' },
      ],
      ['src->f', 'f->out'],
      { microBatch: { maxEvents: 10, maxDelayMs: 0 } },
    );
    const run = createRun(doc, { clock: clock.now, sourceOverrides: { src } });
    const times: number[] = [];
    run.watchSink('out', (_, t) => times.push(...t));
    expect(run.timeMode).toBe('processing');
    src.offer([{ ts: 1 }]);
    run.step();
    clock.advance(250);
    src.offer([{ ts: 2 }, { ts: 3 }]);
    run.step();
    expect(times).toEqual([5000, 5250, 5250]);
    expect(run.metrics().timeMode).toBe('processing');
    expect(run.metrics().nodes.f?.watermark).toBe(5250);
    expect(run.metrics().nodes.src?.watermark).toBe(5250);
  });
});

describe('reported watermarks in an event-time run', () => {
  it('nodes ahead of assign-timestamps report none, not the processing-time clock', () => {
    const clock = manualClock(1_700_000_000_000); // wall clock far from the event times
    const src = createQueueSource('src', { capacity: 10 });
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        { id: 'f', kind: 'transform.filter', params: { condition: 'true' } },
        { id: 't', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 0 } },
        { id: 'g', kind: 'transform.filter', params: { condition: 'true' } },
        { id: 'out', kind: 'sink.console' },
      ],
      ['src->f', 'f->t', 't->g', 'g->out'],
      { microBatch: { maxEvents: 10, maxDelayMs: 0 } },
    );
    const run = createRun(doc, { clock: clock.now, sourceOverrides: { src } });
    src.offer([{ ts: 1000 }, { ts: 2000 }]);
    run.step();
    const nodes = run.metrics().nodes;
    expect(run.timeMode).toBe('event');
    expect(nodes.src?.watermark).toBeNull();
    expect(nodes.f?.watermark).toBeNull();
    expect(nodes.t?.watermark).toBe(2000);
    expect(nodes.g?.watermark).toBe(2000);
    expect(nodes.out?.watermark).toBe(2000);
  });
});
