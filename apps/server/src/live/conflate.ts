import type { ServerMessage } from '@eventide/shared';

/** Events kept when several updates of one subscription merge: enough for any panel's replay. */
export const CONFLATED_EVENTS_LIMIT = 1000;

/**
 * Merges a pending update with a newer one of the same subscription: event lists are concatenated
 * (keeping the newest), snapshots such as metrics and run states are replaced by the newest.
 */
export function conflate(
  pending: ServerMessage,
  next: ServerMessage,
  limit = CONFLATED_EVENTS_LIMIT,
): ServerMessage {
  if (pending.type === 'result' && next.type === 'result')
    return { ...next, events: newest([...pending.events, ...next.events], limit), replay: pending.replay };
  if (pending.type === 'channel' && next.type === 'channel')
    return { ...next, events: newest([...pending.events, ...next.events], limit) };
  // A tap is a sample: the newest sample is as good as any merged one.
  return next;
}

function newest<T>(list: T[], limit: number): T[] {
  return list.length > limit ? list.slice(list.length - limit) : list;
}
