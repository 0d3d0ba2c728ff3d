import { isParallelSnapshot, type ParallelSnapshot, type RunSnapshot } from '@eventide/engine';

/** A stored checkpoint's snapshot: one engine run's, or the parts of a parallel run (settings.parallelism > 1). */
export type CheckpointSnapshot = RunSnapshot | ParallelSnapshot;

/** The source positions of a checkpoint, by source node id (a parallel run's from every source instance). */
export function sourcesOf(snapshot: CheckpointSnapshot): RunSnapshot['sources'] {
  if (!isParallelSnapshot(snapshot)) return snapshot.sources;
  const sources: RunSnapshot['sources'] = {};
  // Exchange-in nodes come along (their own ids): nothing looks them up.
  for (const parts of Object.values(snapshot.stages))
    for (const part of parts) if (part) Object.assign(sources, part.sources);
  return sources;
}
