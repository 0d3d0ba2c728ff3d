export type ParsedIngest = { ok: true; events: Record<string, unknown>[] } | { ok: false; message: string };

const MAX_EVENTS_PER_REQUEST = 100_000;

/**
 * An ingest body: one JSON object, a JSON array of objects, or NDJSON (one object per line). The
 * whole body is checked before anything is accepted, and an error names the bad line or index.
 */
export function parseIngestBody(body: unknown, ndjson: boolean): ParsedIngest {
  if (ndjson) {
    if (typeof body !== 'string') return { ok: false, message: 'expected NDJSON text' };
    const events: Record<string, unknown>[] = [];
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const text = (lines[i] ?? '').trim();
      if (text === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        return { ok: false, message: `line ${i + 1}: ${(e as Error).message}` };
      }
      if (!isObject(value)) return { ok: false, message: `line ${i + 1}: not a JSON object` };
      events.push(value);
    }
    return checkCount(events);
  }
  if (Array.isArray(body)) {
    const bad = body.findIndex((e) => !isObject(e));
    if (bad >= 0) return { ok: false, message: `item ${bad}: not a JSON object` };
    return checkCount(body as Record<string, unknown>[]);
  }
  if (isObject(body)) return { ok: true, events: [body] };
  return { ok: false, message: 'expected a JSON object, an array of objects, or NDJSON' };
}

function checkCount(events: Record<string, unknown>[]): ParsedIngest {
  if (events.length > MAX_EVENTS_PER_REQUEST)
    return { ok: false, message: `at most ${MAX_EVENTS_PER_REQUEST} events per request` };
  return { ok: true, events };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
