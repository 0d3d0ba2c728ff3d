/**
 * EVENTIDE_WORKER_PROF=<directory>: each worker of a parallel run writes a CPU profile of its run
 * there, from `start` to its end. `node --cpu-prof` would also record the worker's boot, module
 * compiling and warm-up, which in a benchmark outweigh the differences one profiles for.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const PROFILE_DIR = process.env.EVENTIDE_WORKER_PROF;

/** Starts profiling this thread when EVENTIDE_WORKER_PROF is set; the function returned writes the profile. */
export function startRunProfile(worker: number): (() => void) | undefined {
  if (!PROFILE_DIR) return undefined;
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  return () => {
    // A session of this thread answers synchronously: the file is written before the worker reports done.
    session.post('Profiler.stop', (error, result) => {
      if (!error)
        writeFileSync(
          join(PROFILE_DIR, `worker-${worker}-${process.pid}.cpuprofile`),
          JSON.stringify(result.profile),
        );
      session.disconnect();
    });
  };
}
