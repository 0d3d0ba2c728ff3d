import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunSnapshot } from '@eventide/engine';
import type { PipelineDocument, RunInfo, RunMetrics } from '@eventide/shared';
import { writeFileAtomic } from '../storage/atomic-write.js';

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
  snapshot: RunSnapshot;
  counts: NodeCounts;
}

/**
 * The durable side of runs: one directory per pipeline with the current run's record and its last
 * checkpoint, each written atomically. A record left in state "running" means the server died
 * (or shut down) under it: the next start resumes it from the checkpoint.
 */
export class RunStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'runs');
  }

  writeRecord(record: RunRecord): Promise<void> {
    return writeFileAtomic(path.join(this.dir, record.pipeline, 'run.json'), JSON.stringify(record));
  }

  writeCheckpoint(pipeline: string, runId: string, checkpoint: StoredCheckpoint): Promise<void> {
    return writeFileAtomic(
      path.join(this.dir, pipeline, 'checkpoint.json'),
      JSON.stringify({ run: runId, ...checkpoint }),
    );
  }

  async readCheckpoint(pipeline: string, runId: string): Promise<StoredCheckpoint | undefined> {
    const json = await readJson(path.join(this.dir, pipeline, 'checkpoint.json'));
    const c = json as ({ run?: string } & Partial<StoredCheckpoint>) | undefined;
    if (c?.run !== runId || !c.snapshot) return undefined;
    return { snapshot: c.snapshot, counts: c.counts ?? {} };
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

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}
