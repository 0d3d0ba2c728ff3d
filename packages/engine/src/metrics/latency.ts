import { DDSketch } from '@datadog/sketches-js';

/**
 * Per-batch processing latency of one node, in a DDSketch (1% relative accuracy on quantiles).
 * The sketch restarts every `windowBatches` batches so percentiles follow the current load.
 */
export class LatencyTracker {
  private current = new DDSketch({ relativeAccuracy: 0.01 });
  private previous: DDSketch | null = null;
  private readonly windowBatches: number;

  constructor(windowBatches = 10_000) {
    this.windowBatches = windowBatches;
  }

  record(ms: number): void {
    this.current.accept(Math.max(ms, 0));
    if (this.current.count >= this.windowBatches) {
      this.previous = this.current;
      this.current = new DDSketch({ relativeAccuracy: 0.01 });
    }
  }

  quantile(q: number): number {
    const sketch = this.current.count > 0 ? this.current : this.previous;
    if (!sketch || sketch.count === 0) return 0;
    return sketch.getValueAtQuantile(q);
  }
}
