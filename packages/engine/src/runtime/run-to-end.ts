import type { PipelineRun, RunEnd } from '../host.js';

/** Hard stop for a run that cannot end (a source that never ends slipped through). */
const MAX_IDLE_STEPS = 100_000;

/**
 * Steps a run until every bounded input ended, as fast as the CPU allows (no driver, no timers).
 * Throws when the run makes no progress for MAX_IDLE_STEPS steps: a source neither returns events
 * nor ends.
 */
export async function runToEnd(run: PipelineRun): Promise<RunEnd> {
  let idle = 0;
  for (;;) {
    const r = run.step();
    if (r === 'finished') break;
    idle = r === 'idle' ? idle + 1 : 0;
    if (idle > MAX_IDLE_STEPS) {
      await run.stop();
      throw new Error('the run made no progress: a source neither returns events nor ends');
    }
  }
  return run.done;
}
