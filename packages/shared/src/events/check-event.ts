/**
 * The one check every entrance applies to an incoming event (HTTP and websocket ingest, file replay,
 * CSV, future connectors): a JSON object, only finite numbers (JSON.parse reads `1e400` as
 * Infinity, which no JSON sink can write back), nesting within maxDepth, an approximate JSON size
 * within maxEventBytes, and no `__proto__` key (JavaScript treats it specially on assignment, so
 * copying such an event could change its prototype). One walk, stopping at the first problem;
 * the path is only built on failure, so a good event costs a visit per value.
 */

export interface EventLimits {
  /** Largest event, measured as its approximate JSON length (see checkEvent). */
  maxEventBytes: number;
  /** Deepest nesting: the event object itself is depth 1. */
  maxDepth: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { maxEventBytes: 1024 * 1024, maxDepth: 32 };

export interface EventProblem {
  /** Where in the event: keys and list indexes joined by ".", e.g. "readings.3.v"; "" for the event itself. */
  path: string;
  reason: string;
}

// Size accounting (an estimate of the JSON text, cheap to compute): a string or key costs its
// length plus its quotes, a number, boolean or null 8, and each container its brackets and
// separators. Escapes and UTF-8 widths are not counted.
const SCALAR_SIZE = 8;

/** The problem found by the current walk; keys are pushed innermost first while it unwinds. */
let found: { keys: (string | number)[]; reason: string; whole: boolean } | undefined;

/** Checks one event; undefined when it is fine, else the first problem with its path. */
export function checkEvent(value: unknown, limits: EventLimits): EventProblem | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { path: '', reason: `an event must be a JSON object, got ${kindOf(value)}` };
  found = undefined;
  if (walk(value, 1, limits.maxDepth, limits.maxEventBytes, 0) >= 0) return undefined;
  const { keys, reason, whole } = found!;
  found = undefined;
  return { path: whole ? '' : keys.reverse().join('.'), reason };
}

/**
 * Returns the size so far (`size` plus this value's), or -1 when a problem was found (in `found`,
 * its path filled in while the recursion unwinds). `for...in` instead of Object.keys: no array
 * per object; a parsed event has no inherited enumerable keys.
 */
function walk(v: unknown, depth: number, maxDepth: number, maxBytes: number, size: number): number {
  switch (typeof v) {
    case 'string':
      size += v.length + 2;
      break;
    case 'number':
      if (v - v !== 0)
        return fail(`${v} is not a finite number (beyond ±1.8e308 JSON numbers parse as ±Infinity)`);
      size += SCALAR_SIZE;
      break;
    case 'boolean':
      size += SCALAR_SIZE;
      break;
    case 'object': {
      if (v === null) {
        size += SCALAR_SIZE;
        break;
      }
      if (depth > maxDepth) return fail(`nested deeper than ${maxDepth} levels`);
      size += 2;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          size = walk(v[i], depth + 1, maxDepth, maxBytes, size + 1);
          if (size < 0) return at(i);
        }
      } else {
        const rec = v as Record<string, unknown>;
        for (const k in rec) {
          if (k === '__proto__') {
            fail('the key "__proto__" is not allowed');
            return at(k);
          }
          size = walk(rec[k], depth + 1, maxDepth, maxBytes, size + k.length + 4);
          if (size < 0) return at(k);
        }
      }
      break;
    }
    default:
      return fail(`${kindOf(v)} is not a JSON value`);
  }
  if (size > maxBytes) {
    found = { keys: [], reason: `the event is larger than ${maxBytes} bytes`, whole: true };
    return -1;
  }
  return size;
}

function fail(reason: string): -1 {
  found = { keys: [], reason, whole: false };
  return -1;
}

function at(key: string | number): -1 {
  found?.keys.push(key);
  return -1;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
