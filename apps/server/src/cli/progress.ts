import type { RunMetrics } from '@eventide/shared';

/** Bar for a terminal: `[#####.....]  52%  12,345 events in  1.2 s`. */
export function progressBar(
  fraction: number | undefined,
  eventsIn: number,
  elapsedMs: number,
  width = 30,
): string {
  const tail = `${eventsIn.toLocaleString('en-US')} events in  ${(elapsedMs / 1000).toFixed(1)} s`;
  if (fraction === undefined) return `[${spinner(elapsedMs, width)}]  ${tail}`;
  const f = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(f * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%  ${tail}`;
}

function spinner(elapsedMs: number, width: number): string {
  const pos = Math.floor(elapsedMs / 100) % width;
  return `${'.'.repeat(pos)}#${'.'.repeat(width - pos - 1)}`;
}

/** Plain progress for logs: one line per report. */
export function progressLine(fraction: number | undefined, eventsIn: number, elapsedMs: number): string {
  const pct = fraction === undefined ? '' : ` ${Math.floor(Math.min(1, fraction) * 100)}%`;
  return `progress:${pct} ${eventsIn} events in, ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** The final per-node table: node, kind, in, out, late, errors, dropped. */
export function summaryTable(metrics: RunMetrics, kinds: Map<string, string>): string[] {
  const header = ['node', 'kind', 'in', 'out', 'late', 'errors', 'dropped'];
  const rows = Object.entries(metrics.nodes).map(([id, n]) => [
    id,
    kinds.get(id) ?? '',
    String(n.in),
    String(n.out),
    String(n.late),
    String(n.errors),
    String(n.dropped),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...rows.map(fmt)];
}
