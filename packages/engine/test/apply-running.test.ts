import { loadDocument, type PipelineDocument, planStateCarryOver } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { carryOverSnapshot, createRun, type Event, type PipelineRun } from '../src/index.js';
import { manualClock, pipeline } from './helpers.js';

/**
 * Applying a new version to a running pipeline: checkpoint, stop, start the new version from the
 * snapshot with the state of every node the plan keeps (by node id), sources at their offsets.
 */
function doc(filter: string, sizeMs = 2000): PipelineDocument {
  const r = loadDocument(
    pipeline(
      [
        {
          id: 'gen',
          kind: 'source.generator',
          params: {
            preset: 'sensors',
            limit: 3000,
            ratePerSec: 100,
            keyCardinality: 3,
            pacing: 'max',
            seed: 7,
          },
        },
        { id: 'ts', kind: 'time.assign-timestamps', params: { maxOutOfOrdernessMs: 0 } },
        { id: 'win', kind: 'window.tumbling', params: { sizeMs, keyBy: ['sensor'] } },
        { id: 'hot', kind: 'transform.filter', params: { condition: filter } },
        { id: 'out', kind: 'sink.table', params: {} },
      ],
      ['gen->ts', 'ts->win', 'win->hot', 'hot->out'],
      { microBatch: { maxEvents: 40, maxDelayMs: 0 }, checkpointIntervalMs: 0 },
    ),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.document;
}

const drain = (run: PipelineRun) => {
  while (run.step() !== 'finished');
  return run.collected().out ?? [];
};
const windowKey = (e: Event) => `${e.sensor}@${e.window_start}`;

describe('apply a new version to a running pipeline', () => {
  it('a filter changed downstream of a window: the window keeps its open state; output equals the new filter from the switch on', () => {
    const before = doc('count > 0');
    const after = doc('count >= 67');
    const clock = manualClock(0);
    const first = createRun(before, { clock: clock.now });
    for (let i = 0; i < 33; i++) first.step(); // 1,320 of 3,000 events in (t = 13.2 s): windows are open mid-way
    const firedBefore = new Set((first.collected().out ?? []).map(windowKey));
    expect(firedBefore.size).toBeGreaterThan(0);
    const snapshot = first.checkpoint();
    first.stop();

    const plan = planStateCarryOver(before, after);
    expect(plan.find((f) => f.node === 'win')?.fate).toBe('kept');
    const resumed = drain(
      createRun(after, { clock: clock.now, restoreFrom: carryOverSnapshot(snapshot, plan) }),
    );

    // The reference: the new filter on every window the old run had not fired yet.
    const whole = drain(createRun(after, { clock: manualClock(0).now }));
    const expected = whole.filter((e) => !firedBefore.has(windowKey(e)));
    expect(expected.length).toBeGreaterThan(0);
    expect(resumed).toEqual(expected);
    expect(resumed.every((e) => Number(e.count) >= 67)).toBe(true);
    // The kept state mattered: starting the window empty gives other results.
    const emptied = drain(
      createRun(after, { clock: clock.now, restoreFrom: carryOverSnapshot(snapshot, []) }),
    );
    expect(emptied).not.toEqual(expected);
  });

  it('the window size changed: the plan says the state is dropped, and the run does so', () => {
    const before = doc('count > 0');
    const after = doc('count > 0', 4000);
    const clock = manualClock(0);
    const first = createRun(before, { clock: clock.now });
    for (let i = 0; i < 33; i++) first.step();
    const snapshot = first.checkpoint();
    first.stop();
    const plan = planStateCarryOver(before, after);
    expect(plan.find((f) => f.node === 'win')).toEqual({
      node: 'win',
      kind: 'window.tumbling',
      fate: 'dropped',
      reason: 'state-relevant params changed: sizeMs 2000 -> 4000',
    });
    const carried = carryOverSnapshot(snapshot, plan);
    expect(carried.operators.win).toBeUndefined();
    expect(carried.sources).toEqual(snapshot.sources);
    const resumed = drain(createRun(after, { clock: clock.now, restoreFrom: carried }));
    // The first 4 s window after the switch only holds events that arrived after it.
    const whole = drain(createRun(after, { clock: manualClock(0).now }));
    const firstResumed = resumed[0];
    const sameWindow = whole.find((e) => windowKey(e) === windowKey(firstResumed ?? {}));
    expect(firstResumed && sameWindow && Number(firstResumed.count) < Number(sameWindow.count)).toBe(true);
  });
});
