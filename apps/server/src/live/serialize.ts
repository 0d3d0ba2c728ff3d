import type { ServerMessage } from '@eventide/shared';

/** Serialized event lists, shared by every subscriber of one publish (they get the same array). */
const eventsJson = new WeakMap<readonly unknown[], string>();

/**
 * JSON of a server message. A publish hands every subscriber the same `events` array, so its
 * serialization is cached: fanning one batch out to N clients costs one stringify, not N.
 */
export function serializeMessage(msg: ServerMessage): string {
  if (!('events' in msg)) return JSON.stringify(msg);
  const { events, ...rest } = msg;
  let json = eventsJson.get(events);
  if (json === undefined) {
    json = JSON.stringify(events);
    eventsJson.set(events, json);
  }
  const head = JSON.stringify(rest);
  return `${head.slice(0, -1)},"events":${json}}`;
}
