import type {
  Event,
  KindNode,
  KindOperatorFactory,
  Operator,
  OperatorContext,
} from '../../runtime/operator.js';
import { type Accumulators, AggregatorSet } from './aggregations/aggregator-set.js';
import { compareTuples } from './compare.js';
import { KeyExtractor } from './key.js';
import { keyFieldsOf, type WindowParams } from './window-params.js';
import { ResultBuffer, type WindowFire, windowResult } from './window-result.js';

interface CountWindow {
  accs: Accumulators;
  count: number;
  minTime: number;
  maxTime: number;
  dirty: boolean;
}

interface KeyCounts {
  keyValues: unknown[];
  /** Events of the key so far: a window opens at every multiple of slide. */
  seen: number;
  /** Open windows, oldest first (at most ceil(size / slide)). */
  windows: CountWindow[];
}

interface Snapshot {
  seq: number;
  keys: [unknown[], number, [unknown[], number, number, number, boolean][]][];
}

/**
 * Count windows (Flink's countWindow): per key, a window of `size` events opens every `slide`
 * events (default = size: tumbling) and fires on its size-th event, in arrival order. A count
 * window needs no clock; window_start / window_end are its earliest event time and just after its
 * latest. Windows still incomplete at the end of input never fire (as in Flink) and are counted as dropped.
 */
export class CountWindowOperator implements Operator {
  readonly nodeId: string;
  private readonly size: number;
  private readonly slide: number;
  private readonly params: WindowParams;
  private readonly key: KeyExtractor;
  private readonly aggregator: AggregatorSet;
  private ctx!: OperatorContext;
  private readonly out = new ResultBuffer();
  private seq = 0;
  private keys = new Map<unknown, KeyCounts>();
  private nextEarlyAt = Number.POSITIVE_INFINITY;

  constructor(node: KindNode<'window.count'>) {
    this.nodeId = node.id;
    const p = node.params;
    this.size = p.sizeEvents;
    // No slide means tumbling: windows start every `sizeEvents` events.
    this.slide = p.slideEvents ?? p.sizeEvents;
    this.params = node.params;
    this.key = new KeyExtractor(keyFieldsOf(node, this.params));
    this.aggregator = new AggregatorSet(this.params.aggregations);
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    if (this.params.earlyFireMs > 0) this.nextEarlyAt = ctx.now() + this.params.earlyFireMs;
  }

  processBatch(_port: string, events: Event[], times: number[]): void {
    const processingTime = this.params.timeMode === 'processing';
    const now = processingTime ? this.ctx.now() : 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as Event;
      const t = processingTime ? now : (times[i] as number);
      if (!Number.isFinite(t)) {
        this.ctx.error(event, t, 'event has no valid time');
        continue;
      }
      if (this.aggregator.refuses(this.ctx, event, t)) continue;
      this.add(event, t);
    }
    this.out.flush(this.ctx);
  }

  private add(event: Event, t: number): void {
    const id = this.key.id(event);
    let kc = this.keys.get(id);
    if (kc === undefined) {
      kc = { keyValues: this.key.values(event), seen: 0, windows: [] };
      this.keys.set(id, kc);
    }
    if (kc.seen % this.slide === 0)
      kc.windows.push({
        accs: this.aggregator.create(),
        count: 0,
        minTime: t,
        maxTime: t,
        dirty: false,
      });
    kc.seen++;
    const seq = this.seq++;
    for (const w of kc.windows) {
      this.aggregator.add(w.accs, event, t, seq);
      w.count++;
      if (t < w.minTime) w.minTime = t;
      if (t > w.maxTime) w.maxTime = t;
      w.dirty = true;
    }
    const oldest = kc.windows[0] as CountWindow;
    if (oldest.count === this.size) {
      this.emit(kc, oldest, 'final');
      kc.windows.shift();
    }
    // The counter only matters modulo slide; keep it small.
    if (kc.seen === this.slide) kc.seen = 0;
    if (kc.seen === 0 && kc.windows.length === 0) this.keys.delete(id);
  }

  private emit(kc: KeyCounts, w: CountWindow, fire: WindowFire): void {
    const result = windowResult(
      this.key.fields,
      kc.keyValues,
      w.minTime,
      w.maxTime + 1,
      fire,
      this.aggregator,
      w.accs,
    );
    this.out.push(result, w.maxTime, this.ctx);
    w.dirty = false;
    const dropped = this.aggregator.takeDropped(w.accs);
    if (dropped > 0) this.ctx.dropped(dropped, 'collect: values over the limit');
  }

  onWatermark(watermark: number): number {
    if (watermark === Number.POSITIVE_INFINITY) {
      let incomplete = 0;
      for (const kc of this.keys.values()) incomplete += kc.windows.length;
      if (incomplete > 0) this.ctx.dropped(incomplete, 'count window incomplete at end of input');
      this.keys.clear();
    }
    return watermark;
  }

  onProcessingTime(now: number): void {
    if (now < this.nextEarlyAt) return;
    this.nextEarlyAt = now + this.params.earlyFireMs;
    const changed: [KeyCounts, CountWindow][] = [];
    for (const kc of this.keys.values()) for (const w of kc.windows) if (w.dirty) changed.push([kc, w]);
    changed.sort(([ka, a], [kb, b]) => a.maxTime - b.maxTime || compareTuples(ka.keyValues, kb.keyValues));
    for (const [kc, w] of changed) this.emit(kc, w, 'early');
    this.out.flush(this.ctx);
  }

  snapshot(): Snapshot {
    return {
      seq: this.seq,
      keys: [...this.keys.values()].map((kc) => [
        kc.keyValues,
        kc.seen,
        kc.windows.map((w): [unknown[], number, number, number, boolean] => [
          this.aggregator.toJSON(w.accs),
          w.count,
          w.minTime,
          w.maxTime,
          w.dirty,
        ]),
      ]),
    };
  }

  restore(state: unknown): void {
    const snap = state as Snapshot;
    this.seq = snap.seq;
    this.keys = new Map();
    for (const [keyValues, seen, windows] of snap.keys)
      this.keys.set(this.key.idOfValues(keyValues), {
        keyValues,
        seen,
        windows: windows.map(([accs, count, minTime, maxTime, dirty]) => ({
          accs: this.aggregator.fromJSON(accs),
          count,
          minTime,
          maxTime,
          dirty,
        })),
      });
  }

  stateSize(): { keys: number; openWindows: number } {
    let openWindows = 0;
    for (const kc of this.keys.values()) openWindows += kc.windows.length;
    return { keys: this.keys.size, openWindows };
  }
}

/** window.count */
export const countWindow: KindOperatorFactory<'window.count'> = (node) => new CountWindowOperator(node);
