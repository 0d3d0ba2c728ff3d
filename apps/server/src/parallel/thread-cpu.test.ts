import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { threadCpuSeconds } from './thread-cpu.js';

const onLinux = process.platform === 'linux';

describe.runIf(onLinux)('threadCpuSeconds', () => {
  it("counts the calling thread's own work, not another thread's", async () => {
    // A worker thread spins for 600 ms of wall time while this thread waits for it.
    const worker = new Worker(
      'const until = Date.now() + 600; while (Date.now() < until) {} require("node:worker_threads").parentPort.postMessage(0);',
      { eval: true },
    );
    const before = threadCpuSeconds() as number;
    await new Promise((resolve) => worker.once('message', resolve));
    const waited = (threadCpuSeconds() as number) - before;
    await worker.terminate();

    const start = threadCpuSeconds() as number;
    const until = Date.now() + 300;
    while (Date.now() < until) {}
    const spun = (threadCpuSeconds() as number) - start;

    // Spinning shows (at least a share of 300 ms even on a loaded machine); waiting barely does.
    expect(spun).toBeGreaterThanOrEqual(0.05);
    expect(waited).toBeLessThan(spun);
  });
});
