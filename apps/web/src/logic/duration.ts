/** Units a duration field can be shown in, largest first. */
export const DURATION_UNITS = [
  { id: 'h', ms: 3_600_000 },
  { id: 'min', ms: 60_000 },
  { id: 's', ms: 1000 },
  { id: 'ms', ms: 1 },
] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number]['id'];

/** The largest unit that shows `ms` as a whole number: 5000 -> 5 s, 1500 -> 1500 ms, 0 -> 0 s. */
export function bestUnit(ms: number): DurationUnit {
  if (ms === 0) return 's';
  for (const u of DURATION_UNITS) if (ms % u.ms === 0) return u.id;
  return 'ms';
}

export function unitMs(unit: DurationUnit): number {
  return DURATION_UNITS.find((u) => u.id === unit)?.ms ?? 1;
}

/** "5 s", "1.5 s", "2 min", "250 ms": for node summaries and tooltips. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(2)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(2)} min`;
  return `${+(ms / 3_600_000).toFixed(2)} h`;
}
