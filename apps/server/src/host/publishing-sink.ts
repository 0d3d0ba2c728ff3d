import type { Event, Sink } from '@eventide/engine';
import { batchesOf } from './batch-inputs.js';

/** What a sink kind does with results besides showing them live: write a file, POST, print... */
export interface SinkOutput {
  write(events: readonly unknown[]): void;
  /** At the barrier of checkpoint `checkpointId`: commit, and return what the checkpoint must record. */
  commit?(checkpointId: number): unknown;
  restore?(state: unknown): void;
  close?(): void | Promise<void>;
}

/**
 * Every sink of a run: publishes each batch to the sink's live topic and hands it to the kind's
 * output. The latest results for clients that subscribe later are kept by what `publish` feeds on
 * the server (SinkRelay, then the run manager); a headless `eventide run` keeps none.
 */
export class PublishingSink implements Sink {
  constructor(
    readonly nodeId: string,
    private readonly publish: (events: Event[]) => void,
    private readonly output: SinkOutput | undefined,
    /** Fed by a micro-batch node: each incoming item is a batch, unpacked here. */
    private readonly batched = false,
  ) {}

  write(items: Event[]): void {
    if (items.length === 0) return;
    if (!this.batched) {
      this.publish(items);
      this.output?.write(items);
      return;
    }
    for (const events of batchesOf(items)) {
      if (events.length === 0) continue;
      this.publish(events as Event[]);
      this.output?.write(events);
    }
  }

  onCheckpoint(id: number): unknown {
    return this.output?.commit?.(id) ?? null;
  }

  restore(state: unknown): void {
    this.output?.restore?.(state);
  }

  close(): void | Promise<void> {
    return this.output?.close?.();
  }
}
