import type { OperatorContext } from '../../runtime/operator.js';
import type { WindowParams } from './window-params.js';

/**
 * When a time window operator (tumbling, sliding, session) fires. In event time, at each watermark;
 * in processing time, on the clock: a window fires once it lies wholly in the past (advance to
 * now - 1), so an event stamped `now` never finds its window fired. The end of input (watermark
 * +infinity) fires every window in both modes. With earlyFireMs, partial results every earlyFireMs
 * of processing time.
 */
export class WindowClock {
  private readonly processingTime: boolean;
  private readonly earlyFireMs: number;
  private nextEarlyAt = Number.POSITIVE_INFINITY;

  constructor(
    params: Pick<WindowParams, 'timeMode' | 'earlyFireMs'>,
    /** Fires the windows with end - 1 <= time. */
    private readonly advance: (time: number) => void,
    /** Emits the partial results of the open windows that changed. */
    private readonly fireEarly: () => void,
  ) {
    this.processingTime = params.timeMode === 'processing';
    this.earlyFireMs = params.earlyFireMs;
  }

  open(ctx: OperatorContext): void {
    if (this.earlyFireMs > 0) this.nextEarlyAt = ctx.now() + this.earlyFireMs;
  }

  onWatermark(watermark: number): void {
    if (!this.processingTime || watermark === Number.POSITIVE_INFINITY) this.advance(watermark);
  }

  onProcessingTime(now: number): void {
    if (this.processingTime) this.advance(now - 1);
    if (now >= this.nextEarlyAt) {
      this.fireEarly();
      this.nextEarlyAt = now + this.earlyFireMs;
    }
  }
}
