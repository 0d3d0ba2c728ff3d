import { describe, expect, it } from 'vitest';
import { runBounded } from '../src/index.js';
import { fixedClock, pipeline } from './helpers.js';

/** The window and join operators inside the runtime: registry, key inheritance, ports, watermarks. */
describe('windows in a pipeline', () => {
  it('runs a tumbling window keyed by an upstream key-by, flushing at end of input and routing late events', async () => {
    const doc = pipeline(
      [
        { id: 'src', kind: 'source.http-ingest' },
        { id: 'ts', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 0 } },
        { id: 'kb', kind: 'transform.key-by', params: { fields: ['user'] } },
        {
          id: 'w',
          kind: 'window.tumbling',
          params: { sizeMs: 10, aggregations: [{ name: 'total', fn: 'sum', field: 'v' }] },
        },
        { id: 'out', kind: 'sink.table' },
      ],
      ['src->ts', 'ts->kb', 'kb->w', 'w->out'],
    );
    const r = await runBounded(doc, {
      maxEvents: 2,
      inputs: {
        src: [
          { user: 'b', v: 1, ts: 1 },
          { user: 'a', v: 2, ts: 5 },
          { user: 'a', v: 4, ts: 12 },
          { user: 'b', v: 16, ts: 19 },
          { user: 'a', v: 8, ts: 3 }, // in the third batch: the watermark is 19, its window [0, 10) fired
        ],
      },
      clock: fixedClock(),
    });
    expect(r.outputs.out).toEqual([
      { user: 'a', window_start: 0, window_end: 10, window_fire: 'final', total: 2 },
      { user: 'b', window_start: 0, window_end: 10, window_fire: 'final', total: 1 },
      { user: 'a', window_start: 10, window_end: 20, window_fire: 'final', total: 4 },
      { user: 'b', window_start: 10, window_end: 20, window_fire: 'final', total: 16 },
    ]);
    expect(r.outputs['w.late']).toEqual([{ user: 'a', v: 8, ts: 3 }]);
    expect(r.metrics.nodes.w?.late).toBe(1);
  });

  it('runs an interval join of two inputs', async () => {
    const doc = pipeline(
      [
        { id: 'orders', kind: 'source.http-ingest' },
        { id: 'pays', kind: 'source.http-ingest' },
        { id: 't1', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 0 } },
        { id: 't2', kind: 'time.assign-timestamps', params: { timestamp: 'ts', maxOutOfOrdernessMs: 0 } },
        {
          id: 'j',
          kind: 'join.interval-join',
          params: { leftKey: ['id'], rightKey: ['order'], lowerBoundMs: 0, upperBoundMs: 100 },
        },
        { id: 'out', kind: 'sink.table' },
      ],
      ['orders->t1', 'pays->t2', 't1->j.left', 't2->j.right', 'j->out'],
    );
    const r = await runBounded(doc, {
      inputs: {
        orders: [
          { id: 1, ts: 10 },
          { id: 2, ts: 20 },
        ],
        pays: [
          { order: 1, ts: 50 },
          { order: 2, ts: 500 },
        ],
      },
      clock: fixedClock(),
    });
    expect(r.outputs.out).toEqual([{ id: 1, ts: 10, order: 1, right_ts: 50 }]);
  });
});
