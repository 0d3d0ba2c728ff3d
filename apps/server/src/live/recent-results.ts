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
export function replayLimit(
  kind: string,
  params: Record<string, unknown>,
): { limit: number; category?: string } {
  const n = (k: string, d: number) => (typeof params[k] === 'number' ? (params[k] as number) : d);
  switch (kind) {
    case 'sink.line-chart':
      return { limit: n('maxPoints', 2000) };
    case 'sink.bar-chart':
      return { limit: n('maxBars', 20), category: String(params.category ?? 'key') };
    case 'sink.table':
      return { limit: n('maxRows', 100) };
    case 'sink.event-log':
      return { limit: n('maxEvents', 200) };
    case 'sink.stat':
      return { limit: 1 };
    default:
      return { limit: 100 };
  }
}
