import { BufferDecoder, type EncodedNode } from '../operators/cep/shared-buffer.js';
import type { Event } from '../runtime/operator.js';

export interface OpenPartialMatch {
  /** Event time of its first event. */
  startTime: number;
  /** Its events so far, oldest first, each with the index of the pattern step that took it. */
  events: { step: number; time: number; event: Event }[];
}

export interface KeyPartialMatches {
  key: string;
  partials: OpenPartialMatch[];
}

/**
 * The partial matches a cep.pattern snapshot holds, per key, oldest first (keys by their oldest
 * partial match): what the CEP inspector lists. Anything that is not such a snapshot gives [].
 */
export function openPartialMatches(snapshot: unknown): KeyPartialMatches[] {
  if (typeof snapshot !== 'object' || snapshot === null) return [];
  const s = snapshot as { events?: unknown; nodes?: unknown; keys?: unknown };
  if (!Array.isArray(s.events) || !Array.isArray(s.nodes) || !Array.isArray(s.keys)) return [];
  let decoder: BufferDecoder;
  try {
    decoder = new BufferDecoder(s.events as Event[], s.nodes as EncodedNode[]);
  } catch {
    return [];
  }
  const out: KeyPartialMatches[] = [];
  for (const k of s.keys as { key: string; partials: [number, number, number, number][] }[]) {
    const partials: OpenPartialMatch[] = [];
    for (const [, tail, startTime] of k.partials ?? []) {
      const events: OpenPartialMatch['events'] = [];
      for (let n = decoder.node(tail); n !== null; n = n.prev)
        events.push({ step: n.step, time: n.time, event: n.event });
      events.reverse();
      // The start state's empty branch (no event yet) is not a partial match a person would see.
      if (events.length > 0) partials.push({ startTime, events });
    }
    partials.sort((a, b) => a.startTime - b.startTime);
    if (partials.length > 0) out.push({ key: k.key, partials });
  }
  return out.sort((a, b) => (a.partials[0]?.startTime ?? 0) - (b.partials[0]?.startTime ?? 0));
}
