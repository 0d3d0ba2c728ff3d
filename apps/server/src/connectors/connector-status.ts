import type { ConnectorStatus } from '@eventide/shared';

/** How a connector reports its link to a broker or database (merged into the node's metrics). */
export type StatusReporter = (state: ConnectorStatus['state'], message?: string) => void;

/** Delays of a reconnect loop: 0.5 s doubling to 10 s, reset once connected. */
export class Backoff {
  private delay: number;

  constructor(
    private readonly firstMs = 500,
    private readonly maxMs = 10_000,
  ) {
    this.delay = firstMs;
  }

  next(): number {
    const d = this.delay;
    this.delay = Math.min(this.maxMs, this.delay * 2);
    return d;
  }

  reset(): void {
    this.delay = this.firstMs;
  }
}
