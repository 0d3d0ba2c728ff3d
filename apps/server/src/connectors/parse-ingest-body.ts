import { checkEvent, type EventLimits, parseJsonLines } from '@eventide/shared';

export type ParsedIngest =
  | { ok: true; events: Record<string, unknown>[] }
  | {
      ok: false;
      message: string;
      /** Where in the body: "v" (one object), "0.v" (an array's first item); NDJSON: within `line`. */
      path?: string;
      /** NDJSON: the 1-based line of the bad event. */
      line?: number;
    };

const MAX_EVENTS_PER_REQUEST = 100_000;

/**
 * An ingest body: one JSON object, a JSON array of objects, or NDJSON (one object per line). The
 * whole body is checked before anything is accepted (checkEvent: objects, finite numbers, depth,
 * size, no __proto__ keys), and an error names the bad line or index and the field path.
 */
export function parseIngestBody(body: unknown, ndjson: boolean, limits: EventLimits): ParsedIngest {
  if (ndjson) {
    if (typeof body !== 'string') return { ok: false, message: 'expected NDJSON text' };
    const lines = body.split('\n');
    const texts: string[] = [];
    /** The 0-based line of each text: blank lines are skipped. */
    const lineOf: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      const text = (lines[i] as string).trim();
      if (text === '') continue;
      texts.push(text);
      lineOf.push(i);
    }
    if (texts.length > MAX_EVENTS_PER_REQUEST) return tooMany();
    // One JSON.parse call for the body when it can vouch for every line; else one per line, which names the bad one.
    const values = parseJsonLines(texts);
    const events: Record<string, unknown>[] = [];
    for (let k = 0; k < texts.length; k++) {
      const line = (lineOf[k] as number) + 1;
      let value: unknown;
      if (values !== undefined) value = values[k];
      else
        try {
          value = JSON.parse(texts[k] as string);
        } catch (e) {
          return { ok: false, message: `line ${line}: ${(e as Error).message}`, line };
        }
      const problem = checkEvent(value, limits);
      if (problem) {
        const where = problem.path === '' ? '' : `${problem.path}: `;
        return { ok: false, message: `line ${line}: ${where}${problem.reason}`, path: problem.path, line };
      }
      events.push(value as Record<string, unknown>);
    }
    return { ok: true, events };
  }
  if (Array.isArray(body)) {
    if (body.length > MAX_EVENTS_PER_REQUEST) return tooMany();
    for (let i = 0; i < body.length; i++) {
      const problem = checkEvent(body[i], limits);
      if (problem) return refused(problem.path === '' ? String(i) : `${i}.${problem.path}`, problem.reason);
    }
    return { ok: true, events: body as Record<string, unknown>[] };
  }
  if (body === null || typeof body !== 'object')
    return { ok: false, message: 'expected a JSON object, an array of objects, or NDJSON' };
  const problem = checkEvent(body, limits);
  if (problem) return refused(problem.path, problem.reason);
  return { ok: true, events: [body as Record<string, unknown>] };
}

function refused(path: string, reason: string): ParsedIngest {
  return { ok: false, message: path === '' ? reason : `${path}: ${reason}`, path };
}

function tooMany(): ParsedIngest {
  return { ok: false, message: `at most ${MAX_EVENTS_PER_REQUEST} events per request` };
}
