/** Spelling of SQL tokens: identifiers, literals, intervals, and the epoch-millisecond conversion. */

/** A back-quoted identifier, so that field names such as `user`, `type` or `first` never clash with keywords. */
export function ident(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** A string literal; quotes are doubled. */
export function str(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A number literal. Integers stay exact integers; other numbers become DOUBLE literals (an exponent
 * makes Flink read them as DOUBLE, not DECIMAL), which is what Eventide's JSON numbers are.
 */
export function num(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 53) return String(value);
  const s = String(value);
  return s.includes('e') ? s.toUpperCase() : `${s}E0`;
}

const UNITS: [number, string][] = [
  [86_400_000, 'DAY'],
  [3_600_000, 'HOUR'],
  [60_000, 'MINUTE'],
  [1000, 'SECOND'],
];

/**
 * An interval of whole milliseconds: in the largest unit that divides it while the count stays under
 * 100 (the default leading precision of SQL intervals), else as DAY TO SECOND with milliseconds.
 */
export function interval(ms: number): string {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  for (const [size, unit] of UNITS)
    if (abs % size === 0 && abs / size < 100 && abs > 0) return `INTERVAL '${sign}${abs / size}' ${unit}`;
  const days = Math.floor(abs / 86_400_000);
  const rest = abs % 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  const milli = rest % 1000;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `INTERVAL '${sign}${days} ${pad(h)}:${pad(m)}:${pad(s)}.${pad(milli, 3)}' DAY TO SECOND`;
}

/**
 * Epoch milliseconds of a TIMESTAMP or TIMESTAMP_LTZ column, as Eventide's results carry times.
 * EXTRACT(EPOCH ...) gives whole seconds (in the session time zone, which the script sets to UTC)
 * and EXTRACT(MILLISECOND ...) the milliseconds within the second: measured on Flink 2.2.
 */
export function epochMs(column: string): string {
  return `(EXTRACT(EPOCH FROM ${column}) * 1000 + EXTRACT(MILLISECOND FROM ${column}))`;
}

/** A select item reading `column` (behind `qualifier`, e.g. "L.") as `name`: `AS` only when they differ. */
export function columnAs(column: string, name: string, qualifier = ''): string {
  return column === name ? `${qualifier}${ident(column)}` : `${qualifier}${ident(column)} AS ${ident(name)}`;
}

/** A view or table name derived from a node id (and port), quoted. */
export function relationName(prefix: string, node: string, port?: string): string {
  return ident(port ? `${prefix}${node}__${port}` : `${prefix}${node}`);
}
