import type { PipelineRun, RunEnd, StepResult } from '../host.js';

/** Hard stop for a run that cannot end (a source that never ends slipped through). */
const MAX_IDLE_STEPS = 100_000;

/**
 * Steps a run until every bounded input ended, as fast as the CPU allows (no driver, no timers).
 * Throws when the run makes no progress for MAX_IDLE_STEPS steps: a source neither returns events
 * nor ends. `afterStep` sees the run between two steps (the preview records watermarks there).
 */
export async function runToEnd(run: PipelineRun, afterStep?: (result: StepResult) => void): Promise<RunEnd> {
  let idle = 0;
  for (;;) {
    const r = run.step();
    afterStep?.(r);
    if (r === 'finished') break;
    idle = r === 'idle' ? idle + 1 : 0;
    if (idle > MAX_IDLE_STEPS) {
      await run.stop();
      throw new Error('the run made no progress: a source neither returns events nor ends');
    }
  }
  return run.done;
}
