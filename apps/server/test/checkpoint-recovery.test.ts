import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRun, drawInt } from '@eventide/engine';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli/run-command.js';
import { batchFedSinks } from '../src/host/batch-inputs.js';
import { RunConnectors } from '../src/host/run-connectors.js';
import { sourcesOf } from '../src/runs/checkpoint-snapshot.js';
import { RunManager } from '../src/runs/run-manager.js';
import { KEPT_CHECKPOINTS, type RunRecord, RunStore } from '../src/runs/run-store.js';
import { chainPipeline, failingWrites, stored, tempDir, until } from './helpers.js';
import { expectedWindows, OUTPUT, replayPipeline, windowLines, writeReplayInput } from './replay-fixture.js';

const dirs: { cleanup: () => void }[] = [];
const managers: RunManager[] = [];
afterEach(async () => {
  for (const m of managers.splice(0)) await m.shutdown();
  for (const d of dirs.splice(0)) d.cleanup();
});

function dataDir(): string {
  const d = tempDir('eventide-ckpt-');
  dirs.push(d);
  return d.dir;
}

function manager(dir: string, store = new RunStore(dir), logged: string[] = []): RunManager {
  const m = new RunManager({
    dataDir: dir,
    store,
    allowPrivateWebhooks: false,
    // Metrics come from the run's worker: the ingest tests read how much the engine consumed from them.
    metricsIntervalMs: 20,
    log: { info: (l) => logged.push(l), warn: (l) => logged.push(l), error: (l) => logged.push(l) },
    print: () => {},
    ingestSegmentBytes: 1,
  });
  managers.push(m);
  return m;
}

const checkpointFiles = (dir: string, pipeline: string) =>
  readdirSync(path.join(dir, 'runs', pipeline))
    .filter((f) => f.endsWith('.ckpt'))
    .sort();

const EVENTS = 4000;
/** Checkpoints are taken by the test between steps (setting 0: the engine takes none by itself). */
const doc = stored(replayPipeline({ microBatch: { maxEvents: 50, maxDelayMs: 5 }, checkpointIntervalMs: 0 }));
const CHECKPOINT_EVERY = 12;
const STEPS = EVENTS / 50;

/**
 * What a server that died mid-run leaves on disk: the run's record in state "running", its
 * checkpoints (the real store: numbered, checksummed, 3 kept) and output written past the last one.
 * The run is stepped by hand, so the crash point (`steps`) is exact.
 */
async function crashedRun(dir: string, steps: number): Promise<{ runId: string; latest: number }> {
  const store = new RunStore(dir);
  const runId = 'replay-crashed';
  const connectors = new RunConnectors({
    baseDir: dir,
    confine: true,
    allowPrivateWebhooks: false,
    batchFed: batchFedSinks(doc),
    publishSink: () => {},
    publishChannel: () => {},
    print: () => {},
    countError: () => {},
    countDropped: () => {},
  });
  const engine = createRun(doc, { runId, sources: connectors.sources, sinkFor: connectors.sinkFor });
  await store.discardCheckpoints('replay');
  const save = async () =>
    (await store.writeCheckpoint('replay', runId, { snapshot: engine.checkpoint(), counts: {} })).seq;
  let latest = await save();
  const record: RunRecord = { id: runId, pipeline: 'replay', state: 'running', startedAt: 1, document: doc };
  await store.writeRecord(record);
  for (let done = 0; done < steps; ) {
    const r = engine.step();
    expect(r).not.toBe('finished');
    // The replay opens its file in the background: an idle step waits for it.
    if (r === 'idle') await new Promise((resolve) => setTimeout(resolve, 1));
    else if (++done % CHECKPOINT_EVERY === 0) latest = await save();
  }
  // Closing commits what the sink holds: as if the OS flushed every write before the crash.
  await engine.stop();
  return { runId, latest };
}

type Damage = 'truncate' | 'flip' | 'delete' | 'empty';
const DAMAGES: Damage[] = ['truncate', 'flip', 'delete', 'empty'];

function damage(file: string, how: Damage, seed: number): string {
  const data = readFileSync(file);
  switch (how) {
    case 'truncate': {
      const at = drawInt(seed, 0, 1, data.length - 1) + 1;
      truncateSync(file, at);
      return `cut at byte ${at} of ${data.length}`;
    }
    case 'flip': {
      const bit = drawInt(seed, 0, 2, data.length * 8);
      data[bit >> 3]! ^= 1 << (bit & 7);
      writeFileSync(file, data);
      return `bit ${bit} of ${data.length * 8} flipped`;
    }
    case 'delete':
      rmSync(file);
      return 'deleted';
    case 'empty':
      writeFileSync(file, '');
      return 'emptied';
  }
}

describe('checkpoints that survive corruption', () => {
  let expected = '';
  const ref = tempDir('eventide-ckpt-ref-');
  beforeAll(async () => {
    // The reference: the same pipeline run without interruption by the CLI.
    writeReplayInput(ref.dir, EVENTS);
    writeFileSync(path.join(ref.dir, 'p.json'), JSON.stringify(doc));
    const io = { cwd: ref.dir, stdout: () => {}, stderr: () => {}, isTTY: false };
    expect(await runCommand(['p.json'], () => {}, io)).toBe(0);
    expected = readFileSync(path.join(ref.dir, OUTPUT), 'utf8');
    const windows = expectedWindows(EVENTS);
    const lines = windowLines(expected);
    expect(lines).toHaveLength(windows.size);
    for (const l of lines)
      expect({ n: l.n, total: l.total }).toEqual(windows.get(`${l.key}@${l.window_start}`));
  });
  afterAll(() => ref.cleanup());

  it('100 damaged latest checkpoints (truncated, bit-flipped, deleted, emptied): each run resumes from the one before and ends with the uninterrupted output', async () => {
    const seen = new Map<Damage, number>();
    for (let trial = 0; trial < 100; trial++) {
      const dir = dataDir();
      writeReplayInput(dir, EVENTS);
      // At least two checkpoints, so that one is left to fall back to; crash anywhere before the end.
      const steps = 2 * CHECKPOINT_EVERY + drawInt(10, trial, 0, STEPS - 2 * CHECKPOINT_EVERY - 2);
      const { runId, latest } = await crashedRun(dir, steps);
      expect(checkpointFiles(dir, 'replay')).toHaveLength(KEPT_CHECKPOINTS);
      const how = DAMAGES[trial % DAMAGES.length]!;
      const what = damage(
        path.join(dir, `runs/replay/checkpoint-${String(latest).padStart(12, '0')}.ckpt`),
        how,
        trial,
      );
      seen.set(how, (seen.get(how) ?? 0) + 1);

      const logged: string[] = [];
      const m = manager(dir, new RunStore(dir), logged);
      const [resumed] = await m.resumeInterrupted();
      const context = `trial ${trial}: ${how} (${what}) of checkpoint ${latest} after ${steps} steps`;
      expect(resumed?.id, context).toBe(runId);
      expect(logged, context).toContain(`resumed run ${runId} of replay from checkpoint ${latest - 1}`);
      // A deleted file looks like a checkpoint never written; every other damage is reported.
      if (how === 'delete') expect(resumed!.warnings, context).toBeUndefined();
      else
        expect(resumed!.warnings, context).toEqual([
          expect.stringMatching(
            new RegExp(`^checkpoint ${latest} is damaged \\(.+\\): resumed from checkpoint ${latest - 1}$`),
          ),
        ]);
      await until(() => m.get(runId)?.run.state === 'finished', `${context}: the run to finish`, 10_000);
      await until(async () => (await new RunStore(dir).ended()).length === 1, 'the final run record');
      expect(readFileSync(path.join(dir, OUTPUT), 'utf8'), context).toBe(expected);
      managers.splice(0);
      dirs.pop()!.cleanup();
    }
    expect([...seen.values()]).toEqual([25, 25, 25, 25]);
    // Each trial boots the run's worker: seconds on a loaded machine, so the bound is generous.
  }, 600_000);

  const ingestDoc = (checkpointIntervalMs: number) =>
    stored(
      chainPipeline(
        'Ingest to file',
        [
          { id: 'in', kind: 'source.http-ingest', params: { maxQueue: 1000 } },
          { id: 'out', kind: 'sink.file', params: { path: 'out/ingested.jsonl' } },
        ],
        { microBatch: { maxEvents: 10, maxDelayMs: 5 }, checkpointIntervalMs },
      ),
    );
  /** Events the ingest node handed to the engine (over the run's lives: counts continue on resume). */
  const consumed = (m: RunManager) => {
    const run = m.runningFor('ingest');
    return run ? (m.get(run.id)?.metrics.nodes.in?.out ?? 0) : 0;
  };
  /** Offers events from..to-1 to the ingest node and waits until the engine took them. */
  async function ingest(m: RunManager, from: number, to: number): Promise<void> {
    const queue = m.ingestQueue('ingest', 'in', 'source.http-ingest')!;
    const events = Array.from({ length: to - from }, (_, i) => ({ n: from + i }));
    expect(await queue.offer(events)).toMatchObject({ accepted: to - from });
    await until(() => consumed(m) >= to, 'the engine to take the events');
  }
  const ingested = (dir: string) =>
    readFileSync(path.join(dir, 'out/ingested.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).n);

  it('falling back to an older checkpoint still finds every acknowledged ingest event: the log keeps what the oldest kept checkpoint needs', async () => {
    const dir = dataDir();
    // No periodic checkpoints: one at start and one at each shutdown, so each life adds exactly one.
    const first = manager(dir);
    const { id } = await first.start('ingest', ingestDoc(0));
    await ingest(first, 0, 10);
    await first.shutdown(); // checkpoint 2: 10 consumed
    const second = manager(dir);
    await second.resumeInterrupted();
    await ingest(second, 10, 20);
    await ingest(second, 20, 30);
    await second.shutdown(); // checkpoint 3: 30 consumed
    const third = manager(dir);
    await third.resumeInterrupted();
    await ingest(third, 30, 40);
    await ingest(third, 40, 50);
    await third.shutdown(); // checkpoint 4: 50 consumed; 2, 3 and 4 kept
    expect(checkpointFiles(dir, 'ingest')).toEqual(
      [2, 3, 4].map((n) => `checkpoint-${String(n).padStart(12, '0')}.ckpt`),
    );
    // One log segment per append: only the one the oldest kept checkpoint (10 consumed) no longer needs went.
    expect(readdirSync(path.join(dir, 'runs/ingest/ingest')).sort()).toEqual(
      [10, 20, 30, 40].map((n) => `in.${String(n).padStart(12, '0')}.jsonl`),
    );
    damage(path.join(dir, 'runs/ingest/checkpoint-000000000004.ckpt'), 'flip', 7);
    const logged: string[] = [];
    const fourth = manager(dir, new RunStore(dir), logged);
    const [resumed] = await fourth.resumeInterrupted();
    expect(resumed?.warnings).toEqual([
      expect.stringMatching(/^checkpoint 4 is damaged .*: resumed from checkpoint 3$/),
    ]);
    await until(() => consumed(fourth) >= 50, 'the replayed log');
    await fourth.stop('ingest');
    expect(ingested(dir)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(fourth.get(id)?.run.warnings).toEqual(resumed?.warnings);
  });

  it('a checkpoint write that fails (ENOSPC) is logged, shown in the run state, and leaves the kept checkpoints as they were', async () => {
    const dir = dataDir();
    let failing = false;
    const logged: string[] = [];
    const m = manager(dir, new RunStore(dir, { fs: failingWrites('ENOSPC', () => failing) }), logged);
    const { id } = await m.start('ingest', ingestDoc(20));
    await ingest(m, 0, 10);
    await until(() => checkpointFiles(dir, 'ingest').length === KEPT_CHECKPOINTS, 'three checkpoints');
    failing = true;
    await until(() => m.get(id)?.run.warnings, 'the warning');
    const onDisk = () =>
      readdirSync(path.join(dir, 'runs/ingest'))
        .filter((f) => !f.endsWith('.tmp')) // a write in flight
        .sort()
        .map((f) =>
          f.endsWith('.ckpt') ? `${f} ${readFileSync(path.join(dir, 'runs/ingest', f), 'hex')}` : f,
        );
    const before = onDisk();
    await ingest(m, 10, 20);
    await new Promise((r) => setTimeout(r, 100));
    expect(onDisk()).toEqual(before);
    expect(before.filter((f) => !f.includes('.ckpt'))).toEqual(['ingest', 'run.json']);
    const warning = 'a checkpoint could not be written (ENOSPC): a restart resumes from an earlier one';
    expect(m.get(id)?.run).toMatchObject({ state: 'running', warnings: [warning] });
    expect(logged).toContainEqual(expect.stringMatching(/^checkpoint of ingest-\w+ not written: ENOSPC/));
    const subscribed = m.onSubscribe({ kind: 'metrics', run: id }, 's1');
    expect(subscribed).toMatchObject({
      initial: [{ type: 'metrics' }, { type: 'run-state', warnings: [warning] }],
    });
    // The disk recovers: checkpoints resume and the run resumes from them after a crash.
    failing = false;
    await until(
      () => !checkpointFiles(dir, 'ingest').every((f) => before.some((b) => b.startsWith(f))),
      'a new checkpoint',
    );
    const { checkpoint } = await new RunStore(dir).loadCheckpoint('ingest', id);
    expect(checkpoint && sourcesOf(checkpoint.snapshot).in?.offset).toEqual({
      consumed: 20,
    });
    await m.stop('ingest');
    expect(readdirSync(path.join(dir, 'runs/ingest')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
