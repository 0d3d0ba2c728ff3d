/** JSON has no infinities: watermarks are written as "+Inf" / "-Inf" strings in snapshots. */
export function encodeWatermark(w: number): number | string {
  if (w === Number.POSITIVE_INFINITY) return '+Inf';
  if (w === Number.NEGATIVE_INFINITY) return '-Inf';
  return w;
}

export function decodeWatermark(w: unknown): number {
  if (w === '+Inf') return Number.POSITIVE_INFINITY;
  if (typeof w === 'number' && Number.isFinite(w)) return w;
  return Number.NEGATIVE_INFINITY;
}
