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

type Walk = {
  size: number;
  /** keys are pushed innermost first; `whole` problems (size) are about the event, not a value */
  problem: { keys: (string | number)[]; reason: string; whole: boolean } | undefined;
};

/** Checks one event; undefined when it is fine, else the first problem with its path. */
export function checkEvent(value: unknown, limits: EventLimits): EventProblem | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { path: '', reason: `an event must be a JSON object, got ${kindOf(value)}` };
  const w: Walk = { size: 0, problem: undefined };
  walk(value, 1, limits, w);
  if (w.problem === undefined) return undefined;
  const { keys, reason, whole } = w.problem;
  return { path: whole ? '' : keys.reverse().join('.'), reason };
}

/** False when a problem was found; its path is filled in while the recursion unwinds. */
function walk(v: unknown, depth: number, limits: EventLimits, w: Walk): boolean {
  switch (typeof v) {
    case 'string':
      w.size += v.length + 2;
      break;
    case 'number':
      if (!Number.isFinite(v))
        return fail(w, `${v} is not a finite number (beyond ±1.8e308 JSON numbers parse as ±Infinity)`);
      w.size += SCALAR_SIZE;
      break;
    case 'boolean':
      w.size += SCALAR_SIZE;
      break;
    case 'object': {
      if (v === null) {
        w.size += SCALAR_SIZE;
        break;
      }
      if (depth > limits.maxDepth) return fail(w, `nested deeper than ${limits.maxDepth} levels`);
      w.size += 2;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          w.size += 1;
          if (!walk(v[i], depth + 1, limits, w)) return at(w, i);
        }
      } else {
        const rec = v as Record<string, unknown>;
        for (const k of Object.keys(rec)) {
          if (k === '__proto__') {
            fail(w, 'the key "__proto__" is not allowed');
            return at(w, k);
          }
          w.size += k.length + 4;
          if (!walk(rec[k], depth + 1, limits, w)) return at(w, k);
        }
      }
      break;
    }
    default:
      return fail(w, `${kindOf(v)} is not a JSON value`);
  }
  if (w.size > limits.maxEventBytes) {
    w.problem = { keys: [], reason: `the event is larger than ${limits.maxEventBytes} bytes`, whole: true };
    return false;
  }
  return true;
}

function fail(w: Walk, reason: string): false {
  w.problem = { keys: [], reason, whole: false };
  return false;
}

function at(w: Walk, key: string | number): false {
  w.problem?.keys.push(key);
  return false;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
