/** JSON has no infinities: a watermark of -Infinity (none yet) or +Infinity (input ended) is encoded. */
export function timeToJSON(t: number): number | string {
  if (Number.isFinite(t)) return t;
  return t > 0 ? '+inf' : '-inf';
}

export function timeFromJSON(json: unknown): number {
  if (typeof json === 'number') return json;
  return json === '+inf' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}
