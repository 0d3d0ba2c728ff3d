import { describe, expect, it } from 'vitest';
import { createRun, type Event, type RunSnapshot, type Sink } from '../src/index.js';
import { manualClock, pipeline } from './helpers.js';

/**
 * A sink in the way a file sink commits: writes are pending until a checkpoint commits them; the
 * state it returns records how much is committed, and a restored sink truncates to that (so output
 * committed after the checkpoint the run restarts from is not duplicated).
 */
function committingSink(storage: Event[]): Sink & { pending: Event[] } {
  const sink = {
    nodeId: 'out',
    pending: [] as Event[],
    write(events: Event[]) {
      sink.pending.push(...events);
    },
    onCheckpoint() {
      storage.push(...sink.pending);
      sink.pending = [];
      return { committed: storage.length };
    },
    restore(state: unknown) {
      storage.length = (state as { committed: number }).committed;
    },
  };
  return sink;
}

const doc = pipeline(
  [
    {
      id: 'gen',
      kind: 'source.generator',
      params: { preset: 'clicks', limit: 2000, ratePerSec: 100, maxOutOfOrdernessMs: 500, pacing: 'max' },
    },
    { id: 'ts', kind: 'time.assign-timestamps', params: { maxOutOfOrdernessMs: 500 } },
    { id: 'd', kind: 'transform.dedupe', params: { keyBy: ['user', 'page'], withinMs: 5000 } },
    { id: 'out', kind: 'sink.file', params: { path: 'clicks.jsonl' } },
  ],
  ['gen->ts', 'ts->d', 'd->out'],
  { microBatch: { maxEvents: 50, maxDelayMs: 0 }, checkpointIntervalMs: 1000 },
);

describe('checkpoints with a replayable source and a committing sink', () => {
  it('take a snapshot every checkpointIntervalMs and give exactly-once output after a crash', () => {
    // The reference: a run that never fails, committing at its end.
    const reference: Event[] = [];
    const whole = createRun(doc, { clock: manualClock(0).now, sinkFor: () => committingSink(reference) });
    while (whole.step() !== 'finished'); // the end of input is a final checkpoint: it commits
    expect(reference.length).toBeGreaterThan(100);

    // A run that checkpoints every second of the clock, then "crashes" between two checkpoints.
    const storage: Event[] = [];
    const clock = manualClock(0);
    const snapshots: RunSnapshot[] = [];
    const crashing = createRun(doc, {
      clock: clock.now,
      sinkFor: () => committingSink(storage),
      onCheckpoint: (s) => snapshots.push(JSON.parse(JSON.stringify(s))),
    });
    for (let i = 0; i < 23; i++) {
      clock.advance(250);
      crashing.step();
    }
    expect(snapshots.map((s) => s.checkpointId)).toEqual([1, 2, 3, 4, 5]);
    const last = snapshots.at(-1) as RunSnapshot;
    // Events written after the last checkpoint were never committed: the crash loses them...
    const committedAtCrash = storage.length;
    expect(committedAtCrash).toBe((last.sinks.out as { committed: number }).committed);

    // ...and the restored run produces them again, from the source offsets in the snapshot.
    const resumed = createRun(doc, {
      clock: clock.now,
      restoreFrom: last,
      sinkFor: () => committingSink(storage),
    });
    while (resumed.step() !== 'finished');
    expect(storage).toEqual(reference);
  });

  it('refuses something that is not a snapshot', () => {
    expect(() => createRun(doc, { restoreFrom: {} as RunSnapshot })).toThrow(/not an Eventide snapshot/);
  });
});
