/** At most this many sample events per source: previews stay fast and the page stays small. */
export const MAX_SAMPLE_EVENTS = 100_000;

export type ParsedSample = { ok: true; events: Record<string, unknown>[] } | { ok: false; error: string };

/**
 * Sample events typed or loaded by a person: a JSON array of objects, or JSON Lines (one object a
 * line). A line that is not an object is refused with its number, so the person can fix it.
 */
export function parseSampleEvents(text: string): ParsedSample {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'no events: paste JSON Lines or a JSON array of objects' };
  if (trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      return { ok: false, error: `not a JSON array: ${(e as Error).message}` };
    }
    if (!Array.isArray(value)) return { ok: false, error: 'not a JSON array' };
    const bad = value.findIndex((v) => !isObject(v));
    if (bad >= 0) return { ok: false, error: `item ${bad + 1}: an event is a JSON object` };
    return capped(value as Record<string, unknown>[]);
  }
  const events: Record<string, unknown>[] = [];
  const lines = trimmed.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      return { ok: false, error: `line ${i + 1}: ${(e as Error).message}` };
    }
    if (!isObject(value)) return { ok: false, error: `line ${i + 1}: an event is a JSON object` };
    events.push(value);
    if (events.length > MAX_SAMPLE_EVENTS) break;
  }
  return capped(events);
}

function capped(events: Record<string, unknown>[]): ParsedSample {
  if (events.length > MAX_SAMPLE_EVENTS)
    return {
      ok: false,
      error: `more than ${MAX_SAMPLE_EVENTS.toLocaleString('en-US')} events: use a smaller sample`,
    };
  return { ok: true, events };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
