/**
 * Events per second of a counter, measured between two reads on the run's clock. A read less than
 * `minIntervalMs` after the previous one returns the previous rate, so frequent polls stay stable.
 */
export class RateMeter {
  private lastCount = 0;
  private lastAt: number;
  private rate = 0;

  constructor(
    start: number,
    private readonly minIntervalMs = 250,
  ) {
    this.lastAt = start;
  }

  read(count: number, now: number): number {
    const dt = now - this.lastAt;
    if (dt >= this.minIntervalMs) {
      this.rate = ((count - this.lastCount) * 1000) / dt;
      this.lastCount = count;
      this.lastAt = now;
    }
    return this.rate;
  }
}
