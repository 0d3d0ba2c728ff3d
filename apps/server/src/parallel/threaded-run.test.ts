/**
 * The threaded host: the same results as one core when instances run on worker threads and batches
 * cross MessageChannels (the engine's property test proves the semantics in one thread; this one
 * proves the plumbing), checkpoints that complete across workers, a restore from one taken while the
 * workers were taking generator chunks from their shared counter, and the refusal of a restore to
 * another parallelism.
 */
import { createRun, type Event, type ParallelSnapshot } from '@eventide/engine';
import { describe, expect, it } from 'vitest';
import { nexmarkQuery } from '../../test/helpers.js';
import { ThreadedRun } from './threaded-run.js';

const EVENTS = 30_000;

const query = (q: string) => nexmarkQuery(q, EVENTS);

const canonical = (events: Record<string, unknown>[]) =>
  events.map((e) => JSON.stringify(Object.fromEntries(Object.entries(e).sort()))).sort();

function single(doc: unknown): Record<string, string[]> {
  const got: Record<string, Event[]> = {};
  const run = createRun(doc, {
    clock: () => 1_700_000_000_000,
    maxDelayMs: 0,
    sinkFor: (node) => {
      const into: Event[] = [];
      got[node.id] = into;
      return { nodeId: node.id, write: (events) => void into.push(...events) };
    },
  });
  while (run.step() !== 'finished') {}
  return Object.fromEntries(Object.entries(got).map(([id, events]) => [id, canonical(events)]));
}

describe('a parallel run on worker threads', () => {
  it.each(['q5', 'q11'])(
    'gives %s the results of one core, with a checkpoint across the workers',
    async (q) => {
      const doc = query(q);
      const expected = single(doc);
      const snapshots: number[] = [];
      const run = new ThreadedRun(doc, {
        parallelism: 2,
        sinks: 'collect',
        clockMs: 1_700_000_000_000,
        maxEvents: 64,
        onCheckpoint: (s) => snapshots.push(Object.keys(s.stages).length),
      });
      await run.whenReady();
      const done = run.start();
      run.triggerCheckpoint();
      const r = await done;
      const got = Object.fromEntries(
        Object.entries(r.results).map(([id, events]) => [id, canonical(events)]),
      );
      for (const id of Object.keys(expected)) got[id] ??= [];
      expect(got).toEqual(expected);
      expect(Object.values(expected).flat().length).toBeGreaterThan(0);
      // The barrier went through every stage of both workers before the sources ended.
      expect(snapshots.length).toBe(1);
      // Each worker's own CPU, counted in 10 ms ticks: together they did some work.
      if (process.platform === 'linux') {
        expect(r.workerCpuSeconds).toHaveLength(2);
        for (const s of r.workerCpuSeconds) expect(s).toBeGreaterThanOrEqual(0);
        expect(r.workerCpuSeconds.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      }
    },
    60_000,
  );

  it('keeps warm-up documents out of the results of the run they warm up', async () => {
    const doc = query('q5');
    const expected = single(doc);
    // A warm-up over other events of the same query: its windows fire inside the workers, and
    // none of them may reach the run's sinks or state.
    const warmup = structuredClone(doc);
    for (const n of warmup.nodes)
      if (n.kind === 'source.generator') n.params = { ...n.params, seed: 7, ratePerSec: 500 };
    const run = new ThreadedRun(doc, {
      parallelism: 2,
      sinks: 'collect',
      clockMs: 1_700_000_000_000,
      warmup: [warmup],
    });
    await run.whenReady();
    const r = await run.start();
    const got = Object.fromEntries(Object.entries(r.results).map(([id, events]) => [id, canonical(events)]));
    for (const id of Object.keys(expected)) got[id] ??= [];
    expect(got).toEqual(expected);
  }, 60_000);

  it('restores a checkpoint taken while generator chunks were being taken to exactly the rest of the results', async () => {
    const doc = query('q5');
    const expected = single(doc);
    const options = { parallelism: 2, sinks: 'collect' as const, clockMs: 1_700_000_000_000, maxEvents: 64 };
    const snapshots: ParallelSnapshot[] = [];
    const first = new ThreadedRun(doc, { ...options, onCheckpoint: (s) => snapshots.push(s) });
    await first.whenReady();
    const done = first.start();
    // Barriers every 20 ms until the end: one of them falls in the middle of the input.
    const barriers = setInterval(() => first.triggerCheckpoint(), 20);
    const all = (await done.finally(() => clearInterval(barriers))).results;
    const generated = (s: ParallelSnapshot) =>
      Object.values(s.stages)
        .flat()
        .flatMap((part) => Object.values(part.sources))
        .map((source) => source.offset as { emitted?: number; taken?: number } | null)
        .filter((o) => typeof o?.emitted === 'number') as { emitted: number; taken: number }[];
    const made = (s: ParallelSnapshot) => generated(s).reduce((n, o) => n + o.emitted, 0);
    const snapshot = snapshots.find((s) => made(s) > EVENTS / 4 && made(s) < (EVENTS * 3) / 4);
    if (!snapshot) throw new Error(`no checkpoint in the middle: ${snapshots.map(made).join(', ')}`);
    // Both generator instances had taken chunks from the shared counter.
    expect(generated(snapshot).map((o) => o.taken >= 0)).toEqual([true, true]);
    // Each sink's state is how many results it had passed on at the barrier: those, then the
    // restored run's (new workers, a fresh counter), are the results of one uninterrupted run.
    const before = Object.fromEntries(
      Object.values(snapshot.stages)
        .flat()
        .flatMap((part) => Object.entries(part.sinks)),
    ) as Record<string, number>;
    const resumed = new ThreadedRun(doc, { ...options, restoreFrom: snapshot });
    await resumed.whenReady();
    const rest = (await resumed.start()).results;
    const got: Record<string, string[]> = {};
    for (const id of Object.keys(expected))
      got[id] = canonical([...(all[id] ?? []).slice(0, before[id] ?? 0), ...(rest[id] ?? [])]);
    expect(got).toEqual(expected);
    expect(Object.values(rest).flat().length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses to restore a checkpoint at another parallelism, saying why', async () => {
    const doc = query('q11');
    let snapshot: unknown;
    const run = new ThreadedRun(doc, {
      parallelism: 2,
      maxEvents: 64,
      onCheckpoint: (s) => {
        snapshot ??= s;
      },
    });
    await run.whenReady();
    const done = run.start();
    run.triggerCheckpoint();
    await done;
    expect(snapshot).toBeDefined();
    expect(
      () =>
        new ThreadedRun(doc, {
          parallelism: 3,
          restoreFrom: snapshot as ConstructorParameters<typeof ThreadedRun>[1]['restoreFrom'],
        }),
    ).toThrow(/taken with parallelism 2; restore it with parallelism 2/);
  }, 60_000);
});
