/** A node that held its run's thread too long: its index in document.nodes and for how long. */
export interface Stall {
  nodeIndex: number;
  elapsedMs: number;
}

/**
 * Reads a run's progress cells (RunOptions.progress, written by the engine on the run's worker) and
 * reports a node that has held the thread longer than `limitMs` without handing it on. The cells
 * are written without atomics, so a stall counts only when two reads a check apart agree. A
 * parallel run has one pair of cells per thread ([node, since] of thread k at 2k, 2k+1): any of
 * them may report.
 */
export class StallWatchdog {
  private readonly candidates: ({ node: number; since: number } | undefined)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly progress: Float64Array,
    readonly limitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** One look at the cells: a stall confirmed by the previous look, or nothing. */
  check(): Stall | undefined {
    let stall: Stall | undefined;
    for (let pair = 0; 2 * pair + 1 < this.progress.length; pair++) stall ??= this.checkPair(pair);
    return stall;
  }

  private checkPair(pair: number): Stall | undefined {
    const node = this.progress[2 * pair] as number;
    const since = this.progress[2 * pair + 1] as number;
    const elapsedMs = this.now() - since;
    if (node < 0 || elapsedMs <= this.limitMs) {
      this.candidates[pair] = undefined;
      return undefined;
    }
    const seen = this.candidates[pair];
    this.candidates[pair] = { node, since };
    return seen && seen.node === node && seen.since === since ? { nodeIndex: node, elapsedMs } : undefined;
  }

  /** Checks every `everyMs` (a small part of the limit) until stopped; reports one stall, then stops. */
  watch(onStall: (stall: Stall) => void, everyMs = Math.min(250, Math.max(10, this.limitMs / 10))): void {
    this.stop();
    this.timer = setInterval(() => {
      const stall = this.check();
      if (!stall) return;
      this.stop();
      onStall(stall);
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** The run's error for a stall, naming the node and the setting. */
export function stallMessage(nodeId: string, stall: Stall, limitMs: number): string {
  return `node ${nodeId}: spent ${(stall.elapsedMs / 1000).toFixed(1)} s on one batch (settings.stallTimeoutMs ${limitMs})`;
}
