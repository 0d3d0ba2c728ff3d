import type { PipelineDocument } from '@eventide/shared';
import { RecentResults, replayLimit } from '../live/recent-results.js';

/** How often held results (of unwatched sinks, or all sinks while the main thread is behind) cross. */
export const HOLD_MS = 100;

/**
 * Carries a run's sink results from its worker to the main thread. A sink that a live client
 * watches sends every batch. One that nobody watches sends, every HOLD_MS, only what the main
 * thread's replay buffer (RecentResults of its kind) would keep of them: that buffer ends up the
 * same, and the main thread is spared deserializing every event of a busy pipeline. While the main
 * thread is behind (`congested`), watched sinks are held the same way: live clients get the latest
 * results, merged, as the live hub does for a slow client, and the worker's messages stay bounded.
 */
export class SinkRelay {
  private readonly watched = new Set<string>();
  private readonly held = new Map<string, RecentResults>();
  private readonly limits = new Map<string, { limit: number; category?: string }>();
  private lastDrain = 0;
  /** The main thread has not caught up with the messages already sent. */
  congested = false;

  constructor(
    document: PipelineDocument,
    private readonly send: (node: string, events: unknown[]) => void,
  ) {
    for (const n of document.nodes) if (n.kind.startsWith('sink.')) this.limits.set(n.id, replayLimit(n));
  }

  /** A live client subscribed to the sink (true) or the last one left (false). */
  watch(node: string, on: boolean): void {
    if (!on) {
      this.watched.delete(node);
      return;
    }
    // What was held is older than what comes next: it goes first.
    this.drainNode(node);
    this.watched.add(node);
  }

  publish(node: string, events: unknown[]): void {
    if (this.watched.has(node) && !this.congested && !this.held.has(node)) {
      this.send(node, events);
      return;
    }
    let recent = this.held.get(node);
    if (!recent) {
      const { limit, category } = this.limits.get(node) ?? { limit: 100 };
      recent = new RecentResults(limit, category);
      this.held.set(node, recent);
    }
    recent.add(events);
  }

  /** Sends what the sinks hold when HOLD_MS passed since the last time (or now, with `force`). */
  drain(now: number, force = false): void {
    if (!force && (this.congested || now - this.lastDrain < HOLD_MS)) return;
    this.lastDrain = now;
    for (const node of [...this.held.keys()]) this.drainNode(node);
  }

  get holding(): boolean {
    return this.held.size > 0;
  }

  private drainNode(node: string): void {
    const recent = this.held.get(node);
    this.held.delete(node);
    const events = recent?.latest() ?? [];
    if (events.length > 0) this.send(node, events);
  }
}
