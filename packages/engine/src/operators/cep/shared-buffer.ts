/**
 * The shared buffer of matched events, Flink's SharedBuffer as a persistent (immutable) linked
 * structure: taking an event adds one node pointing to the partial match's previous node, so every
 * branch that forks from a partial match shares its whole prefix, and a partial match is just a
 * versioned pointer to its last node. Memory grows with the number of takes, never with the product
 * of branches. Flink counts references to free nodes; here a node lives as long as some partial
 * match (or pending output) points to it, and the garbage collector frees the rest.
 * A snapshot writes each node and each event once, however many branches share it.
 */
import type { Event } from '../../runtime/operator.js';

export interface BufferNode {
  /** Index of the step that took the event. */
  readonly step: number;
  readonly event: Event;
  readonly time: number;
  /** Position of the event in its key's event-time order: identifies it for skip strategies. */
  readonly pos: number;
  readonly prev: BufferNode | null;
}

/** The events of a (partial) match by step name, in match order; every step is present. */
export function extractMatch(tail: BufferNode | null, stepNames: readonly string[]): Record<string, Event[]> {
  const out: Record<string, Event[]> = {};
  if (stepNames.length === 1) {
    // one step (times(n), oneOrMore...): its list is the whole chain, filled from the end
    let length = 0;
    for (let n = tail; n !== null; n = n.prev) length++;
    const events = new Array<Event>(length);
    for (let n = tail, i = length - 1; n !== null; n = n.prev, i--) events[i] = n.event;
    out[stepNames[0]!] = events;
    return out;
  }
  const lists: Event[][] = stepNames.map(() => []);
  for (let n = tail; n !== null; n = n.prev) lists[n.step]!.push(n.event);
  stepNames.forEach((name, i) => {
    out[name] = lists[i]!.reverse();
  });
  return out;
}

/**
 * A match as one readable row: the first event's fields, then the key (when keyed), the number of
 * events and the event times of the first and last ones, which win a clash with an event field.
 */
export function summarizeMatch(tail: BufferNode | null, key: string | null): Event {
  let events = 0;
  let head: BufferNode | null = null;
  for (let n = tail; n !== null; n = n.prev) {
    events++;
    head = n;
  }
  const row: Event = { ...(head?.event ?? {}) };
  // the match's own fields lead the row (tables show them first) and win a clash with an event field
  delete row.key;
  delete row.events;
  delete row.first_time;
  delete row.last_time;
  return {
    ...(key === null ? {} : { key }),
    events,
    first_time: head?.time ?? null,
    last_time: tail?.time ?? null,
    ...row,
  };
}

/** Serialized nodes: [step, event index, time, pos, previous node index or -1]. */
export type EncodedNode = [number, number, number, number, number];

/** Writes nodes and their events to plain JSON tables, each node and event once. */
export class BufferEncoder {
  readonly events: Event[] = [];
  readonly nodes: EncodedNode[] = [];
  private readonly eventIds = new Map<Event, number>();
  private readonly nodeIds = new Map<BufferNode, number>();

  event(e: Event): number {
    let id = this.eventIds.get(e);
    if (id === undefined) {
      id = this.events.length;
      this.events.push(e);
      this.eventIds.set(e, id);
    }
    return id;
  }

  node(n: BufferNode | null): number {
    if (n === null) return -1;
    const known = this.nodeIds.get(n);
    if (known !== undefined) return known;
    // iterative: chains can be long (looping steps)
    const chain: BufferNode[] = [];
    for (let m: BufferNode | null = n; m !== null && !this.nodeIds.has(m); m = m.prev) chain.push(m);
    for (let i = chain.length - 1; i >= 0; i--) {
      const m = chain[i]!;
      const prev = m.prev === null ? -1 : this.nodeIds.get(m.prev)!;
      this.nodeIds.set(m, this.nodes.length);
      this.nodes.push([m.step, this.event(m.event), m.time, m.pos, prev]);
    }
    return this.nodeIds.get(n)!;
  }
}

/** Rebuilds the nodes written by BufferEncoder; throws on a malformed table. */
export class BufferDecoder {
  private readonly built: BufferNode[] = [];

  constructor(
    readonly events: readonly Event[],
    nodes: readonly EncodedNode[],
  ) {
    for (const [step, event, time, pos, prev] of nodes) {
      const e = events[event];
      if (e === undefined || prev >= this.built.length)
        throw new Error('cep snapshot: malformed shared buffer');
      this.built.push({ step, event: e, time, pos, prev: prev < 0 ? null : this.built[prev]! });
    }
  }

  node(id: number): BufferNode | null {
    if (id < 0) return null;
    const n = this.built[id];
    if (n === undefined) throw new Error('cep snapshot: unknown shared buffer node');
    return n;
  }

  event(id: number): Event {
    const e = this.events[id];
    if (e === undefined) throw new Error('cep snapshot: unknown event');
    return e;
  }
}
