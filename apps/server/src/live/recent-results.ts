import { type OperatorNode, typedNode } from '@eventide/engine';

/**
 * The latest results of one sink, replayed to a client when it subscribes. Keeps the newest
 * `limit` events; a bar chart keeps the newest event per category instead (its bars).
 */
export class RecentResults {
  private events: unknown[] = [];
  private readonly byCategory = new Map<string, unknown>();

  constructor(
    readonly limit: number,
    private readonly categoryField?: string,
  ) {}

  add(events: readonly unknown[]): void {
    if (this.categoryField !== undefined) {
      for (const e of events) {
        const key = JSON.stringify((e as Record<string, unknown> | null)?.[this.categoryField] ?? null);
        this.byCategory.delete(key);
        this.byCategory.set(key, e);
        if (this.byCategory.size > this.limit) this.byCategory.delete(this.byCategory.keys().next().value!);
      }
      return;
    }
    this.events.push(...events);
    // Trim in bulk so a stream of small batches costs amortized O(1) per event.
    if (this.events.length > this.limit * 2) this.events = this.events.slice(-this.limit);
  }

  latest(): unknown[] {
    if (this.categoryField !== undefined) return [...this.byCategory.values()];
    return this.events.length > this.limit ? this.events.slice(-this.limit) : [...this.events];
  }
}

/** How many results a sink keeps for replay: the panel's own limit, or 100 for other sinks. */
export function replayLimit(node: OperatorNode): { limit: number; category?: string } {
  switch (node.kind) {
    case 'sink.line-chart':
      return { limit: typedNode('sink.line-chart', node).params.maxPoints };
    case 'sink.bar-chart': {
      const p = typedNode('sink.bar-chart', node).params;
      return { limit: p.maxBars, category: p.category };
    }
    case 'sink.table':
      return { limit: typedNode('sink.table', node).params.maxRows };
    case 'sink.event-log':
      return { limit: typedNode('sink.event-log', node).params.maxEvents };
    case 'sink.stat':
      return { limit: 1 };
    default:
      return { limit: 100 };
  }
}
