/** Bar chart data: the latest value per category, biggest first, capped at maxBars. */
export interface Bar {
  category: string;
  value: number;
  early: boolean;
}

export function latestByCategory(
  events: readonly unknown[],
  p: { category: string; value: string; maxBars: number },
): Bar[] {
  const latest = new Map<string, Bar>();
  for (const raw of events) {
    if (raw === null || typeof raw !== 'object') continue;
    const e = raw as Record<string, unknown>;
    const v = e[p.value];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const category = String(e[p.category] ?? '—');
    latest.set(category, { category, value: v, early: e.window_fire === 'early' });
  }
  return [...latest.values()].sort((a, b) => b.value - a.value).slice(0, p.maxBars);
}
