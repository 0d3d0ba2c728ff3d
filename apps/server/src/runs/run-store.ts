import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ParallelSnapshot, RunSnapshot } from '@eventide/engine';
import type { PipelineDocument, RunInfo, RunMetrics } from '@eventide/shared';
import { type AtomicWriteFs, nodeFs, writeFileAtomic } from '../storage/atomic-write.js';
import { CheckpointFiles } from './checkpoint-files.js';
import { type CheckpointSnapshot, sourcesOf } from './checkpoint-snapshot.js';

/** `<data>/runs/<pipeline>/run.json`: the run and the document it runs, as started. */
export interface RunRecord extends RunInfo {
  document: PipelineDocument;
  /** The final metrics of an ended run, so that it is still listed after a restart. */
  metrics?: RunMetrics;
}

/** Per node counters at a checkpoint, so a resumed run's metrics continue where they were. */
export type NodeCounts = Record<
  string,
  { in: number; out: number; errors: number; late: number; dropped: number }
>;

export interface StoredCheckpoint {
  snapshot: CheckpointSnapshot;
  counts: NodeCounts;
}

/** Source offsets by node id of one checkpoint. */
export type SourceOffsets = Record<string, unknown>;

export interface WrittenCheckpoint {
  seq: number;
  /**
   * The source offsets of the oldest checkpoint kept: a resume may fall back to it, so logs that
   * sources replay from (the ingest write-ahead log) must keep everything after these offsets.
   */
  oldestKept: SourceOffsets;
}

export interface LoadedCheckpoint {
  /** The newest intact checkpoint of the run, if any. */
  checkpoint?: StoredCheckpoint & { seq: number };
  /** Damaged checkpoint files that were skipped, in words for the run's state. */
  warnings: string[];
}

/** Checkpoints kept per pipeline: a damaged latest one falls back to the one before. */
export const KEPT_CHECKPOINTS = 3;

/** What the store knows of a pipeline's checkpoint files since it loaded or discarded them. */
interface CheckpointState {
  next: number;
  kept: { seq: number; sources: SourceOffsets }[];
}

export interface RunStoreOptions {
  /** The file calls of checkpoint writes (tests inject failures). */
  fs?: AtomicWriteFs;
}

/**
 * The durable side of runs: one directory per pipeline with the current run's record and its last
 * KEPT_CHECKPOINTS checkpoints, each checksummed and written atomically. A record left in state
 * "running" means the server died (or shut down) under it: the next start resumes it from the
 * newest intact checkpoint.
 */
export class RunStore {
  readonly dir: string;
  private readonly fs: AtomicWriteFs;
  private readonly checkpoints = new Map<string, CheckpointState>();

  constructor(dataDir: string, options: RunStoreOptions = {}) {
    this.dir = path.join(dataDir, 'runs');
    this.fs = options.fs ?? nodeFs;
  }

  writeRecord(record: RunRecord): Promise<void> {
    return writeFileAtomic(path.join(this.dir, record.pipeline, 'run.json'), JSON.stringify(record));
  }

  /** A fresh run: the checkpoints of earlier runs of the pipeline go. */
  async discardCheckpoints(pipeline: string): Promise<void> {
    const files = this.filesOf(pipeline);
    const last = (await files.list()).at(-1);
    await files.clean(true);
    this.checkpoints.set(pipeline, { next: (last?.seq ?? 0) + 1, kept: [] });
  }

  /**
   * Writes the next checkpoint of the run, then deletes those older than the last KEPT_CHECKPOINTS.
   * A failed write throws and leaves the earlier checkpoints as they were.
   */
  async writeCheckpoint(
    pipeline: string,
    runId: string,
    checkpoint: StoredCheckpoint,
  ): Promise<WrittenCheckpoint> {
    const state = this.checkpoints.get(pipeline) ?? (await this.loadState(pipeline, runId));
    const seq = state.next++;
    const files = this.filesOf(pipeline);
    await files.write(seq, JSON.stringify({ run: runId, ...checkpoint }));
    state.kept.push({ seq, sources: offsetsOf(checkpoint.snapshot) });
    state.kept.sort((a, b) => a.seq - b.seq);
    while (state.kept.length > KEPT_CHECKPOINTS) await files.remove(state.kept.shift()!.seq);
    return { seq, oldestKept: state.kept[0]!.sources };
  }

  /**
   * The newest intact checkpoint of the run. Damaged files (truncated, bit-flipped, empty) are set
   * aside and reported; files of other runs are removed.
   */
  async loadCheckpoint(pipeline: string, runId: string): Promise<LoadedCheckpoint> {
    const files = this.filesOf(pipeline);
    await files.clean(false);
    const list = await files.list();
    const state: CheckpointState = { next: (list.at(-1)?.seq ?? 0) + 1, kept: [] };
    const damaged: { seq: number; reason: string }[] = [];
    let newest: (StoredCheckpoint & { seq: number }) | undefined;
    for (const f of list.reverse()) {
      const read = await files.read(f);
      const parsed = read.ok ? parseCheckpoint(read.payload) : { reason: read.reason };
      if ('reason' in parsed) {
        damaged.push({ seq: f.seq, reason: parsed.reason });
        await files.setAside(f);
      } else if (parsed.run !== runId) await files.remove(f.seq);
      else {
        newest ??= { seq: f.seq, snapshot: parsed.snapshot, counts: parsed.counts };
        state.kept.unshift({ seq: f.seq, sources: offsetsOf(parsed.snapshot) });
      }
    }
    this.checkpoints.set(pipeline, state);
    const warnings = damaged.map(({ seq, reason }) =>
      newest && seq < newest.seq
        ? `older checkpoint ${seq} is damaged (${reason}) and was set aside`
        : `checkpoint ${seq} is damaged (${reason}): ${newest ? `resumed from checkpoint ${newest.seq}` : 'no intact checkpoint left'}`,
    );
    return newest ? { checkpoint: newest, warnings } : { warnings };
  }

  /** Records of runs that were running when the server stopped. */
  async interrupted(): Promise<RunRecord[]> {
    return (await this.records()).filter((r) => r.state === 'running' || r.state === 'starting');
  }

  /** The last ended run of each pipeline, with its final metrics. */
  async ended(): Promise<RunRecord[]> {
    return (await this.records()).filter(
      (r) =>
        (r.state === 'finished' || r.state === 'stopped' || r.state === 'failed') && r.metrics !== undefined,
    );
  }

  private filesOf(pipeline: string): CheckpointFiles {
    return new CheckpointFiles(path.join(this.dir, pipeline), this.fs);
  }

  private async loadState(pipeline: string, runId: string): Promise<CheckpointState> {
    await this.loadCheckpoint(pipeline, runId);
    return this.checkpoints.get(pipeline)!;
  }

  private async records(): Promise<RunRecord[]> {
    let dirs: string[];
    try {
      dirs = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: RunRecord[] = [];
    for (const d of dirs.sort()) {
      const r = (await readJson(path.join(this.dir, d, 'run.json'))) as RunRecord | undefined;
      if (r && r.pipeline === d && typeof r.id === 'string') out.push(r);
    }
    return out;
  }
}

function offsetsOf(snapshot: CheckpointSnapshot): SourceOffsets {
  return Object.fromEntries(Object.entries(sourcesOf(snapshot)).map(([id, s]) => [id, s.offset]));
}

/** The payload of an intact file is still checked for the shape a resume relies on. */
function parseCheckpoint(payload: string): ({ run: string } & StoredCheckpoint) | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { reason: 'not JSON' };
  }
  const c = json as {
    run?: unknown;
    snapshot?: Partial<RunSnapshot> | Partial<ParallelSnapshot>;
    counts?: unknown;
  } | null;
  if (typeof c?.run !== 'string' || !c.snapshot) return { reason: 'not a run checkpoint' };
  const s = c.snapshot;
  const single = s.format === 'eventide-snapshot' && 'sources' in s && typeof s.sources === 'object';
  const parallel = s.format === 'eventide-parallel-snapshot' && 'stages' in s && typeof s.stages === 'object';
  if (!single && !parallel) return { reason: 'not a run checkpoint' };
  const counts = typeof c.counts === 'object' && c.counts !== null ? (c.counts as NodeCounts) : {};
  return { run: c.run, snapshot: s as CheckpointSnapshot, counts };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}
