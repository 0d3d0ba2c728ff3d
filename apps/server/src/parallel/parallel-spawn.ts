/**
 * Starting the worker threads of a threaded parallel run: the worker entry (from sources or built)
 * and one MessageChannel per pair of workers, so exchange batches never cross the spawning thread.
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';

const FROM_SOURCES = import.meta.url.endsWith('.ts');
const ENTRY = new URL(FROM_SOURCES ? './parallel-worker-boot.mjs' : './parallel-worker.js', import.meta.url);
const EXEC_ARGV = FROM_SOURCES ? ['--conditions=source'] : [];

/** A parallel worker (parallel-worker.ts); it waits for its ParallelWorkerData. */
export function spawnParallelWorker(): Worker {
  return new Worker(ENTRY, { execArgv: EXEC_ARGV });
}

/** ports[a][b]: worker a's end of the channel between workers a and b (undefined when a = b). */
export function peerPorts(n: number): (MessagePort | undefined)[][] {
  const ports: (MessagePort | undefined)[][] = Array.from({ length: n }, () => new Array(n).fill(undefined));
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      const { port1, port2 } = new MessageChannel();
      (ports[a] as (MessagePort | undefined)[])[b] = port1;
      (ports[b] as (MessagePort | undefined)[])[a] = port2;
    }
  return ports;
}

/** Worker `worker`'s pair of progress cells [node, since] in a run's shared progress buffer. */
export function progressCells(buffer: SharedArrayBuffer, worker: number): Float64Array {
  return new Float64Array(buffer, 2 * worker * Float64Array.BYTES_PER_ELEMENT, 2);
}
