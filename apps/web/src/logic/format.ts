/** Compact counts for the canvas: 999, 1.2k, 3.4M. */
export function compactNumber(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  if (abs < 1000) return Number.isInteger(n) ? String(n) : n.toFixed(1);
  if (abs < 1_000_000) return `${+(n / 1000).toFixed(abs < 10_000 ? 1 : 0)}k`;
  if (abs < 1_000_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  return `${+(n / 1_000_000_000).toFixed(1)}G`;
}

export function rate(n: number): string {
  return `${compactNumber(n)}/s`;
}

/**
 * Watermarks are epoch ms of event time: the clock time (UTC), which is what people compare, with
 * the date in front when it is not today's (replays and generators often run in another year).
 * The end of input is +∞.
 */
export function clockTime(ms: number | null, now: number = Date.now()): string {
  if (ms === null) return '—';
  if (!Number.isFinite(ms)) return ms > 0 ? '+∞ (end of input)' : '−∞';
  const iso = new Date(ms).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return sameDay ? iso.slice(11, 19) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** A cell of a results table: epoch-ms-looking numbers as times, objects as JSON. */
export function cellText(value: unknown, field: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (/(^ts$|time|start|end|_at$)/i.test(field) && value > 1e12 && value < 1e14)
      return new Date(value).toISOString().replace('T', ' ').slice(0, 23);
    return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/\.?0+$/, '');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
