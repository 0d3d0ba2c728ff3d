import type { CepStateView } from '@eventide/shared';
import { openPartialMatches } from './open-partial-matches.js';

export interface CepStateLimits {
  keys: number;
  partialsPerKey: number;
  eventsPerPartial: number;
}

/** Enough to read, small enough to poll every second over a live run. */
export const CEP_STATE_LIMITS: CepStateLimits = { keys: 50, partialsPerKey: 10, eventsPerPartial: 20 };

/**
 * A cep.pattern snapshot (its operator's state, in preview or in a live run) as a CepStateView:
 * totals over every key, the oldest keys in full up to the limits. A partial match's most recent
 * events are kept when it has too many: they say where it stands.
 */
export function cepStateView(
  snapshot: unknown,
  stepCount: number,
  limits: CepStateLimits = CEP_STATE_LIMITS,
): CepStateView {
  const all = openPartialMatches(snapshot);
  const perStep = new Array<number>(stepCount).fill(0);
  let partials = 0;
  for (const k of all)
    for (const p of k.partials) {
      partials++;
      const last = p.events[p.events.length - 1];
      if (last && last.step < stepCount) perStep[last.step]!++;
    }
  let truncated = all.length > limits.keys;
  const oldest = all.slice(0, limits.keys).map((k) => {
    if (k.partials.length > limits.partialsPerKey) truncated = true;
    return {
      key: k.key,
      partials: k.partials.slice(0, limits.partialsPerKey).map((p) => {
        if (p.events.length > limits.eventsPerPartial) truncated = true;
        return { startTime: p.startTime, events: p.events.slice(-limits.eventsPerPartial) };
      }),
    };
  });
  return { keys: all.length, partials, perStep, oldest, truncated };
}
