/**
 * The nice value of a run's thread, from how busy the run keeps it. A run that keeps its thread
 * busy (a saturating pipeline) drops to BUSY_NICE: when runs and the API compete for a core, the
 * API thread wins, so /api/health and Stop stay quick (issue 10). A run that leaves its thread idle
 * most of the time, such as ingest at a steady rate, keeps the server's priority: at nice 10 its
 * events waited behind every other busy thread (`pnpm bench server`, ingest to websocket at
 * 50,000 events/s, three runs each way interleaved: p99 19.3-25.0 ms at nice 10, 13.0-15.7 ms so).
 */
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';

export const BUSY_NICE = 10;
/** How often the thread's busy share is sampled: a saturating run is demoted within this. */
const SAMPLE_MS = 250;
/** Busy share of a sample above which the run is demoted, and below which it gets its priority back. */
const DEMOTE_ABOVE = 0.8;
const PROMOTE_BELOW = 0.5;

/** The policy, apart from the clock and the system call (tests drive it with samples). */
export class RunPriority {
  private current = 0;
  /** Raising a thread's priority needs a privilege (RLIMIT_NICE, CAP_SYS_NICE): once refused, not tried again. */
  private mayPromote = true;

  constructor(private readonly setNice: (nice: number) => void) {}

  get nice(): number {
    return this.current;
  }

  /** `busy`: the share of the last sample the thread ran code (0..1). */
  sample(busy: number): void {
    if (this.current === 0 && busy > DEMOTE_ABOVE) this.apply(BUSY_NICE);
    else if (this.current !== 0 && busy < PROMOTE_BELOW && this.mayPromote) this.apply(0);
  }

  private apply(nice: number): void {
    try {
      this.setNice(nice);
      this.current = nice;
    } catch {
      // Not permitted here: a sandbox refuses any change (the run keeps the server's priority), an
      // unprivileged server a promotion (the run stays demoted).
      if (nice < this.current) this.mayPromote = false;
    }
  }
}

/**
 * Samples the calling thread's event-loop utilization and adjusts its nice value. Linux only: there
 * setpriority of "self" applies to the calling thread; elsewhere it would renice the whole server.
 */
export function watchRunPriority(): void {
  if (process.platform !== 'linux') return;
  const priority = new RunPriority((nice) => setPriority(nice));
  let last = performance.eventLoopUtilization();
  setInterval(() => {
    const now = performance.eventLoopUtilization();
    priority.sample(performance.eventLoopUtilization(now, last).utilization);
    last = now;
  }, SAMPLE_MS).unref();
}
