/**
 * The operator's whole state as plain JSON: per key its partial matches (versioned pointers into
 * the shared buffer), held matches and event counter; the shared buffer's nodes and events, each
 * written once however many branches share them; the events waiting for the watermark; the live
 * `within` timers in firing order. Restoring and continuing gives what an uninterrupted run gives.
 */
import type { Event } from '../../runtime/operator.js';
import type { Buffered, EventTimeBuffer } from './event-time-buffer.js';
import type { KeyState } from './key-state.js';
import type { PartialMatch } from './nfa.js';
import { BufferDecoder, BufferEncoder, type EncodedNode } from './shared-buffer.js';

const FORMAT = 'eventide.cep/1';

interface EncodedKey {
  key: string;
  pos: number;
  /** [state, node, startTime, startPos] */
  partials: [number, number, number, number][];
  /** [node, startPos] */
  held: [number, number][];
}

interface CepSnapshot {
  format: typeof FORMAT;
  /** null: no watermark yet (-Infinity is not JSON). */
  watermark: number | null;
  events: Event[];
  nodes: EncodedNode[];
  keys: EncodedKey[];
  /** [key index, event, time], in buffer order (arrival order among equal times) */
  buffer: [number, number, number][];
  /** [key index, time] of the live timers, in firing order. */
  timers: [number, number][];
}

export interface OperatorState {
  watermark: number;
  keys: KeyState[];
  /** A key's partial matches in the object form (a compact strict chain is written as objects). */
  partialsOf: (ks: KeyState) => readonly PartialMatch[];
  buffer: EventTimeBuffer<KeyState>;
  /** The live timers, in firing order. */
  timers: LiveTimer[];
}

export interface RestoredState {
  watermark: number;
  keys: KeyState[];
  buffer: Buffered<KeyState>[];
  timers: LiveTimer[];
}

export interface LiveTimer {
  key: KeyState;
  at: number;
}

export function encodeSnapshot(s: OperatorState): CepSnapshot {
  const enc = new BufferEncoder();
  const index = new Map<KeyState, number>();
  const keys: EncodedKey[] = [];
  const add = (ks: KeyState): number => {
    let i = index.get(ks);
    if (i === undefined) {
      i = keys.length;
      index.set(ks, i);
      keys.push({
        key: ks.key,
        pos: ks.pos,
        partials: s.partialsOf(ks).map((p) => [p.state, enc.node(p.tail), p.startTime, p.startPos]),
        held: ks.held.map((m) => [enc.node(m.tail), m.startPos]),
      });
    }
    return i;
  };
  for (const ks of s.keys) if (ks.hasPartials || ks.held.length > 0) add(ks);
  const buffer = s.buffer
    .entries()
    .map((b): [number, number, number] => [add(b.key), enc.event(b.event), b.time]);
  const timers = s.timers.map((t): [number, number] => [add(t.key), t.at]);
  return {
    format: FORMAT,
    watermark: Number.isFinite(s.watermark) ? s.watermark : null,
    events: enc.events,
    nodes: enc.nodes,
    keys,
    buffer,
    timers,
  };
}

function fail(what: string): never {
  throw new Error(`cep.pattern snapshot: ${what}`);
}

const isInt = (x: unknown): x is number => Number.isInteger(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);

/** Rebuilds the state; throws a descriptive Error when the snapshot is not one this operator wrote. */
export function decodeSnapshot(
  raw: unknown,
  stateCount: number,
  newKeyState: (key: string) => KeyState,
): RestoredState {
  if (typeof raw !== 'object' || raw === null || (raw as CepSnapshot).format !== FORMAT)
    fail(`not a ${FORMAT} snapshot`);
  const s = raw as CepSnapshot;
  if (
    !Array.isArray(s.events) ||
    !Array.isArray(s.nodes) ||
    !Array.isArray(s.keys) ||
    !Array.isArray(s.buffer)
  )
    fail('missing tables');
  if (!Array.isArray(s.timers)) fail('missing timers');
  const dec = new BufferDecoder(s.events, s.nodes);
  const keys: KeyState[] = s.keys.map((k) => {
    if (typeof k.key !== 'string' || !isInt(k.pos) || !Array.isArray(k.partials) || !Array.isArray(k.held))
      fail('malformed key');
    const ks = newKeyState(k.key);
    ks.pos = k.pos;
    ks.partials = k.partials.map(([state, node, startTime, startPos]) => {
      if (!isInt(state) || state < 0 || state >= stateCount || !isNum(startTime) || !isInt(startPos))
        fail('malformed partial match (was the pattern changed?)');
      return { state, tail: dec.node(node), startTime, startPos };
    });
    ks.held = k.held.map(([node, startPos]) => ({ tail: dec.node(node), startPos }));
    return ks;
  });
  const keyAt = (i: number): KeyState => keys[i] ?? fail('unknown key index');
  const buffer: Buffered<KeyState>[] = s.buffer.map(([k, e, time]) => {
    const ks = keyAt(k);
    ks.buffered++;
    if (!isNum(time)) fail('malformed buffered event');
    return { key: ks, event: dec.event(e), time };
  });
  return {
    watermark: s.watermark === null ? Number.NEGATIVE_INFINITY : s.watermark,
    keys,
    buffer,
    timers: s.timers.map(([k, at]) => {
      if (!isNum(at)) fail('malformed timer');
      return { key: keyAt(k), at };
    }),
  };
}
