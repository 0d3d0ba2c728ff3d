import { SHARE_ENV, Worker } from 'node:worker_threads';

/**
 * The server runs its TypeScript sources through tsx with workspace packages resolved to their
 * sources; a worker started from a .ts module needs the same: run-worker-boot.mjs registers tsx.
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_ENTRY = new URL(FROM_SOURCES ? './run-worker-boot.mjs' : './run-worker.js', import.meta.url);
const WORKER_EXEC_ARGV = FROM_SOURCES ? ['--conditions=source'] : [];

/**
 * Spawns run workers (run-worker.ts). Loading the engine takes a worker about a second of CPU, so
 * one booted spare waits for the next start, whichever RunManager of the process asks; it is
 * unref'ed, so it never keeps the process alive.
 */
class WorkerSpawner {
  private spare: Worker | undefined;

  /** A worker for a run: the spare if there is one, else a new one. */
  take(): Worker {
    const worker = this.spare ?? spawn();
    this.spare = undefined;
    worker.ref();
    return worker;
  }

  /**
   * Boots a spare unless one exists. The RunManager calls it once a run's worker is ready (not
   * alongside it: two boots at once would slow the start they are meant to speed up).
   */
  prewarm(): void {
    if (this.spare) return;
    const worker = spawn();
    worker.unref();
    // A spare that dies (killed by the OS, say) is replaced by the next take().
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      if (this.spare === worker) this.spare = undefined;
    });
    this.spare = worker;
  }
}

/** The process's run workers: one spare for all the servers of a process (tests build many). */
export const runWorkers = new WorkerSpawner();

function spawn(): Worker {
  // SHARE_ENV: a spare worker booted early still sees variables set later (secrets are ${env:NAME}).
  return new Worker(WORKER_ENTRY, { execArgv: WORKER_EXEC_ARGV, env: SHARE_ENV });
}
