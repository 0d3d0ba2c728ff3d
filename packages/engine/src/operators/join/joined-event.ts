import type { Event } from '../../runtime/operator.js';

/**
 * A joined pair: the left event's fields, then the right's; a right field whose name the left has
 * (in this event or in its declared schema) is prefixed `right_`, as shared's joinedFields says.
 */
export function joinedEvent(left: Event, right: Event, leftDeclared: ReadonlySet<string>): Event {
  const out: Event = { ...left };
  for (const name in right) {
    const taken = name in left || leftDeclared.has(name);
    out[taken ? `right_${name}` : name] = right[name];
  }
  return out;
}
