import type { Event } from '../../runtime/operator.js';

/** `right_<name>` strings, made once per field name rather than once per pair (bounded: the common names). */
const renamed = new Map<string, string>();
const MAX_RENAMED = 1000;

function rightName(name: string): string {
  let r = renamed.get(name);
  if (r === undefined) {
    r = `right_${name}`;
    if (renamed.size < MAX_RENAMED) renamed.set(name, r);
  }
  return r;
}

/**
 * A joined pair: the left event's fields, then the right's; a right field whose name the left has
 * (in this event or in its declared schema) is prefixed `right_`, as shared's joinedFields says.
 */
export function joinedEvent(left: Event, right: Event, leftDeclared: ReadonlySet<string>): Event {
  const out: Event = { ...left };
  for (const name in right) {
    const taken = name in left || leftDeclared.has(name);
    out[taken ? rightName(name) : name] = right[name];
  }
  return out;
}
