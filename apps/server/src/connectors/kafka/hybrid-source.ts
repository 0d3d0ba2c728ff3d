import { type Event, type Source, type SourcePoll, tagSplit } from '@eventide/engine';
import type { KafkaSource } from './kafka-source.js';

/** The position of a history-then-live source: where in the history, or the live offsets after the switch. */
export interface HybridOffset {
  phase: 'history' | 'live';
  history: unknown;
  live?: unknown;
}

/**
 * History, then live (Flink's HybridSource, the Kappa architecture): replays a bounded history
 * source, then continues with the Kafka topics as one stream. Event time stays continuous across the
 * switch: history events are tagged with the live partitions' splits (round robin), so each
 * partition's watermark runs from the history into the live data and no split is left behind at the
 * switch. The switch point is part of the checkpoint.
 */
export class HybridSource implements Source {
  private phase: 'history' | 'live' = 'history';
  private splits: string[] | undefined;
  private next = 0;

  constructor(
    readonly nodeId: string,
    private readonly history: Source,
    private readonly live: KafkaSource,
  ) {}

  poll(maxEvents: number, now: number): SourcePoll {
    if (this.phase === 'live') return this.live.poll(maxEvents, now);
    // Connect to Kafka first: the history is tagged with its partitions (and live data starts buffering).
    this.splits ??= this.live.splits();
    if (!this.splits) {
      this.live.poll(0, now);
      return { events: [], ended: false };
    }
    const polled = this.history.poll(maxEvents, now);
    const splits = this.splits;
    const events: Event[] =
      splits.length > 0
        ? polled.events.map((e) => tagSplit(e, splits[this.next++ % splits.length] as string))
        : polled.events;
    if (polled.ended) this.phase = 'live';
    const errors = polled.errors;
    return errors ? { events, ended: false, errors } : { events, ended: false };
  }

  offset(): HybridOffset {
    return { phase: this.phase, history: this.history.offset(), live: this.live.offset() };
  }

  restore(offset: unknown): void {
    const o = offset as Partial<HybridOffset> | null;
    if (!o) return;
    this.history.restore(o.history);
    if (o.live !== undefined) this.live.restore(o.live);
    if (o.phase === 'live') this.phase = 'live';
  }

  close(): void {
    this.history.close?.();
    this.live.close();
  }
}
