import { describe, expect, it } from 'vitest';
import { harness } from '../../../test/support/operator-context.js';

const ev = (id: string, t: number) => ({ id, t });

describe('transform.dedupe (event time)', () => {
  it('drops events of a key inside the span opened by the first one, keeps the first after it', () => {
    const h = harness('transform.dedupe', { keyBy: ['id'], withinMs: 100, timeMode: 'event' });
    const events = [ev('a', 0), ev('a', 99), ev('b', 50), ev('a', 100), ev('a', 150), ev('a', 200)];
    h.op.processBatch(
      'in',
      events,
      events.map((e) => e.t),
    );
    expect(h.events('out')).toEqual([]); // held until the watermark passes them
    h.op.onWatermark(1000);
    // a@0 opens [0,100): a@99 dropped; a@100 opens [100,200): a@150 dropped; a@200 opens a new span.
    expect(h.events('out')).toEqual([ev('a', 0), ev('b', 50), ev('a', 100), ev('a', 200)]);
    expect(h.times('out')).toEqual([0, 50, 100, 200]);
  });

  it('judges in event-time order whatever the arrival order', () => {
    const h = harness('transform.dedupe', { keyBy: ['id'], withinMs: 100, timeMode: 'event' });
    const events = [ev('a', 150), ev('a', 40), ev('a', 100)];
    h.op.processBatch('in', events, [150, 40, 100]);
    h.op.onWatermark(120);
    // Due: a@40 (opens [40,140)) then a@100 dropped; a@150 waits for the watermark.
    expect(h.events('out')).toEqual([ev('a', 40)]);
    h.op.onWatermark(200);
    expect(h.events('out')).toEqual([ev('a', 40), ev('a', 150)]);
  });

  it('expires a key once the watermark leaves its span', () => {
    const h = harness('transform.dedupe', { keyBy: ['id'], withinMs: 100, timeMode: 'event' });
    h.op.processBatch('in', [ev('a', 0), ev('b', 80)], [0, 80]);
    h.op.onWatermark(90);
    expect(h.op.stateSize().keys).toBe(2);
    h.op.onWatermark(100); // a's span [0,100) is over
    expect(h.op.stateSize().keys).toBe(1);
    h.op.onWatermark(180);
    expect(h.op.stateSize().keys).toBe(0);
  });

  it('uses the key set upstream by key-by when keyBy is empty, the whole event without either', () => {
    const keyed = harness(
      'transform.dedupe',
      { keyBy: [], withinMs: 100, timeMode: 'event' },
      { inputs: { in: { schema: { fields: {}, open: true }, key: ['id'], eventTime: true } } },
    );
    keyed.op.processBatch(
      'in',
      [
        { id: 'a', v: 1 },
        { id: 'a', v: 2 },
      ],
      [0, 1],
    );
    keyed.op.onWatermark(10);
    expect(keyed.events('out')).toEqual([{ id: 'a', v: 1 }]);

    const whole = harness('transform.dedupe', { keyBy: [], withinMs: 100, timeMode: 'event' });
    whole.op.processBatch(
      'in',
      [
        { id: 'a', v: 1 },
        { id: 'a', v: 2 },
        { id: 'a', v: 1 },
      ],
      [0, 1, 2],
    );
    whole.op.onWatermark(10);
    expect(whole.events('out')).toEqual([
      { id: 'a', v: 1 },
      { id: 'a', v: 2 },
    ]);
  });

  it('judges an event already behind the watermark at once', () => {
    const h = harness('transform.dedupe', { keyBy: ['id'], withinMs: 100, timeMode: 'event' });
    h.op.onWatermark(500);
    h.op.processBatch('in', [ev('a', 400), ev('a', 450)], [400, 450]);
    expect(h.events('out')).toEqual([ev('a', 400)]);
  });

  it('restores buffered events and spans from a snapshot', () => {
    const a = harness('transform.dedupe', { keyBy: ['id'], withinMs: 100, timeMode: 'event' });
    a.op.processBatch('in', [ev('a', 0), ev('a', 50)], [0, 50]);
    a.op.onWatermark(10);
    const saved = JSON.parse(JSON.stringify(a.op.snapshot()));
    const b = harness(
      'transform.dedupe',
      { keyBy: ['id'], withinMs: 100, timeMode: 'event' },
      { restore: saved },
    );
    b.op.processBatch('in', [ev('a', 99), ev('a', 120)], [99, 120]);
    b.op.onWatermark(Number.POSITIVE_INFINITY);
    expect(b.events('out')).toEqual([ev('a', 120)]);
  });
});

describe('transform.dedupe (processing time)', () => {
  it('judges on arrival and expires spans by the clock', () => {
    const h = harness('transform.dedupe', { keyBy: ['id'], withinMs: 100, timeMode: 'processing' });
    h.op.processBatch('in', [ev('a', 0), ev('a', 0)], [1000, 1050]);
    expect(h.events('out')).toEqual([ev('a', 0)]);
    h.op.onProcessingTime?.(1100);
    expect(h.op.stateSize().keys).toBe(0);
    h.op.processBatch('in', [ev('a', 0)], [1101]);
    expect(h.events('out')).toHaveLength(2);
  });
});
