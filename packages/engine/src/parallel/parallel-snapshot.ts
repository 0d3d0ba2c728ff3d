import type { RunSnapshot } from '../host.js';
import type { ParallelPlan } from './plan.js';

/** A checkpoint of a parallel run: every instance's part of one barrier, by stage. Plain JSON. */
export interface ParallelSnapshot {
  format: 'eventide-parallel-snapshot';
  version: 1;
  checkpointId: number;
  parallelism: number;
  pipeline: string;
  /** Per stage id, the snapshot of each instance, by instance index. */
  stages: Record<string, RunSnapshot[]>;
}

export function isParallelSnapshot(x: unknown): x is ParallelSnapshot {
  return (
    typeof x === 'object' && x !== null && (x as { format?: unknown }).format === 'eventide-parallel-snapshot'
  );
}

/**
 * Throws, saying why, when a snapshot cannot restore a run of `plan`: keyed state sits in the
 * instance its key hashed to mod N, so it restores to the same N only (re-partitioning keyed state
 * by key hash is not written yet).
 */
export function checkRestorable(snapshot: ParallelSnapshot, plan: ParallelPlan): void {
  if (snapshot.version !== 1) throw new Error(`unsupported parallel snapshot version ${snapshot.version}`);
  if (snapshot.parallelism !== plan.parallelism)
    throw new Error(
      `this checkpoint was taken with parallelism ${snapshot.parallelism}; restore it with parallelism ${snapshot.parallelism} (keyed state is partitioned by key hash mod ${snapshot.parallelism}, and re-partitioning it is not supported)`,
    );
  for (const stage of plan.stages) {
    const parts = snapshot.stages[stage.id];
    if (!parts || parts.length !== stage.parallelism)
      throw new Error(
        `this checkpoint does not match the pipeline's stages (stage ${stage.id} [${stage.nodes.join(', ')}]): was the pipeline changed?`,
      );
  }
}

/** Gathers the parts of each checkpoint id until every instance of every stage has sent its own. */
export class CheckpointCollector {
  private readonly pending = new Map<number, Map<string, RunSnapshot[]>>();
  private readonly expected: number;

  constructor(
    private readonly plan: ParallelPlan,
    private readonly pipeline: string,
  ) {
    this.expected = plan.stages.reduce((n, s) => n + s.parallelism, 0);
  }

  /** Adds one part; returns the whole snapshot when it was the last one missing. */
  add(stage: string, index: number, id: number, part: RunSnapshot): ParallelSnapshot | null {
    let parts = this.pending.get(id);
    if (!parts) {
      parts = new Map();
      this.pending.set(id, parts);
    }
    const list = parts.get(stage) ?? [];
    list[index] = part;
    parts.set(stage, list);
    let have = 0;
    for (const l of parts.values()) for (const p of l) if (p) have++;
    if (have < this.expected) return null;
    this.pending.delete(id);
    // An older checkpoint that never completed (an instance ended before its barrier) never will.
    for (const old of [...this.pending.keys()]) if (old < id) this.pending.delete(old);
    return {
      format: 'eventide-parallel-snapshot',
      version: 1,
      checkpointId: id,
      parallelism: this.plan.parallelism,
      pipeline: this.pipeline,
      stages: Object.fromEntries(parts),
    };
  }
}
