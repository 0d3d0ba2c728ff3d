import type { KindParams } from '@eventide/shared';
import type { Source, SourcePoll } from '../host.js';
import type { ChunkClaimer } from '../parallel/chunk-claims.js';
import type { Event, KindNode } from '../runtime/operator.js';
import { ArrivalHeap } from './arrival-heap.js';
import { presetEvent } from './generator-presets.js';
import { NexmarkEvents } from './nexmark.js';
import { draw } from './prng.js';

/** source.generator's params as the catalog parses them. */
export type GeneratorParams = KindParams<'source.generator'>;

interface GeneratorOffset {
  /** Events returned so far. */
  emitted: number;
  /** Next index not generated yet. */
  next: number;
  /** Indexes generated but still held back by the disorder. */
  held: number[];
  /** Splits on demand: the highest chunk this split has taken (-1: none). */
  taken?: number;
  /** Splits on demand: indexes per chunk (chunk numbers and `next` mean something only with it). */
  chunk?: number;
}

/**
 * One of `count` parallel instances of a generator. Every event is a function of its index, so
 * splits that make disjoint sets of indexes together make exactly the events of one generator, and
 * each split keeps the disorder bound. At pacing "max" with a claimer, a split takes chunks of
 * chunkIndexes() indexes as it needs them (on demand: a faster instance makes more); otherwise it
 * makes the blocks b with b mod count = index, a block being SPLIT_BLOCK consecutive indexes (fixed: paced
 * instances then keep step in event time, where chunks taken on demand would let one run ahead and
 * hold results back behind the slowest).
 */
export interface GeneratorSplit {
  index: number;
  count: number;
  claimer?: ChunkClaimer;
}

/**
 * Indexes per block of a split. Nexmark repeats its person : auction : bid mix every 50 events;
 * dealt out in blocks of 50, every split makes that same mix. Dealt out one index at a time, one
 * split would make every person (index mod 50 = 0) and run slower than the others, which then wait.
 */
const SPLIT_BLOCK = 50;

/**
 * Indexes per chunk taken on demand: whole blocks, so each keeps Nexmark's mix. At most 200 blocks
 * (10,000 events, about 5 ms of work): the instances end within that of each other, and a take (one
 * atomic add) per chunk costs nothing. Larger chunks keep more of a short-lived key's events in one
 * instance: Nexmark q5 on 2 workers sent 23 % fewer partial counts across than with chunks of 1,000,
 * since an auction takes bids for about 2 ms of event time. A short bounded input gets smaller
 * chunks, at least 8 per instance, so that it is still shared out.
 */
const chunkIndexes = (limit: number, instances: number): number =>
  SPLIT_BLOCK * Math.max(1, Math.min(200, Math.floor(limit / (SPLIT_BLOCK * instances * 8))));

/** `next` of a split on demand between two chunks: it takes one before it makes another event. */
const NO_CHUNK = -1;

/** The first index of `split`, the one after index i in it, and how many of the first `limit` it has. */
function splitIndexes(split: GeneratorSplit) {
  const others = (Math.max(1, split.count) - 1) * SPLIT_BLOCK;
  const cycle = others + SPLIT_BLOCK;
  return {
    first: split.index * SPLIT_BLOCK,
    after: (i: number) => ((i + 1) % SPLIT_BLOCK === 0 ? i + 1 + others : i + 1),
    size: (limit: number) => {
      const cycles = Math.floor(limit / cycle);
      const rest = limit - cycles * cycle - split.index * SPLIT_BLOCK;
      return cycles * SPLIT_BLOCK + Math.min(SPLIT_BLOCK, Math.max(0, rest));
    },
  };
}

/** Salt of the arrival delay draw, apart from the salts the presets use for field values. */
const DELAY_SALT = 1000;

/**
 * source.generator. Event i has event time startTime + floor(i * 1000 / ratePerSec) in its `ts` field
 * and fields that are a pure function of (seed, i). With maxOutOfOrdernessMs > 0 each event is
 * delayed by a deterministic draw in [0, maxOutOfOrdernessMs) and events arrive in order of
 * ts + delay: an event never arrives after one whose ts exceeds its own by maxOutOfOrdernessMs or
 * more, so an assign-timestamps with that bound sees nothing late. Pacing "realtime" hands out
 * events at ratePerSec of the run's clock; "max" as fast as polled.
 */
export function createGeneratorSource(
  node: KindNode<'source.generator'>,
  split: GeneratorSplit = { index: 0, count: 1 },
): Source {
  const p = node.params;
  const indexes = splitIndexes(split);
  // The events of this split below the generator's limit.
  const limit = indexes.size(Math.max(0, p.limit));
  const rate = p.ratePerSec;
  const bounded = p.limit > 0;
  const delayMax = p.maxOutOfOrdernessMs;
  const eventTime = (i: number) => p.startTime + Math.floor((i * 1000) / rate);
  const arrivalKey = (i: number) => eventTime(i) + Math.floor(draw(p.seed, i, DELAY_SALT) * delayMax);
  const preset = p.preset;
  let make: (i: number) => Event;
  if (preset === 'nexmark') {
    const nexmark = new NexmarkEvents(p.seed, eventTime);
    make = (i) => nexmark.event(i, eventTime(i));
  } else make = (i) => presetEvent(preset, p, i, eventTime(i));

  // Chunks on demand only for an unpaced split that was given a claimer (GeneratorSplit says why).
  const claimer = p.pacing === 'max' && split.count > 1 ? split.claimer : undefined;
  const chunk = chunkIndexes(bounded ? p.limit : Number.POSITIVE_INFINITY, split.count);
  let emitted = 0;
  let next = claimer ? NO_CHUNK : indexes.first;
  let taken = -1;
  let heap = new ArrivalHeap();
  // Real-time pacing restarts from the first poll (after a restore too).
  let paceStart: number | null = null;
  let paceBase = 0;

  const after = claimer ? (i: number) => ((i + 1) % chunk === 0 ? NO_CHUNK : i + 1) : indexes.after;
  /** The next index is known: false only while a split on demand waits to take a chunk. */
  const hasNext = (): boolean => {
    if (next !== NO_CHUNK) return true;
    const number = claimer?.take();
    if (number === undefined) return false;
    taken = number;
    next = number * chunk;
    return true;
  };
  const exhausted = () => bounded && next >= p.limit;
  const ended = () => bounded && (claimer ? exhausted() && heap.size === 0 : emitted >= limit);
  const advance = () => {
    const i = next;
    next = after(i);
    return i;
  };

  /** The index of the next event to arrive, or -1 when there is none yet (or none left: ended()). */
  const nextArrival = (): number => {
    if (delayMax <= 0) return !hasNext() || exhausted() ? -1 : advance();
    // An event may leave once no event still to be generated can arrive before it.
    while (hasNext() && !exhausted() && (heap.size === 0 || heap.topKey() > eventTime(next))) {
      heap.push(arrivalKey(next), next);
      next = after(next);
    }
    // Waiting for a chunk, nothing leaves: an event of that chunk could arrive first.
    if (next === NO_CHUNK) return -1;
    return heap.size > 0 ? heap.pop() : -1;
  };

  return {
    nodeId: node.id,
    poll(maxEvents: number, now: number): SourcePoll {
      let quota = maxEvents;
      if (p.pacing === 'realtime') {
        if (paceStart === null) {
          paceStart = now;
          paceBase = emitted;
        }
        const due =
          Math.floor(((now - paceStart) * rate) / Math.max(1, split.count) / 1000) + 1 - (emitted - paceBase);
        quota = Math.max(0, Math.min(quota, due));
      }
      if (bounded && !claimer) quota = Math.min(quota, limit - emitted);
      const events: Event[] = new Array(Math.max(0, quota));
      let n = 0;
      while (n < quota) {
        const i = nextArrival();
        if (i < 0) break;
        events[n++] = make(i);
      }
      events.length = n;
      emitted += n;
      const done = ended();
      if (done) claimer?.end();
      return { events, ended: done };
    },
    // A run takes its sources' offsets at a checkpoint's barrier (run.checkpoint): for a split on
    // demand that is where it passes the barrier (chunk-claims.ts: why the others then wait for it).
    offset: (): GeneratorOffset => {
      claimer?.passBarrier();
      return { emitted, next, held: heap.contents(), ...(claimer ? { taken, chunk } : {}) };
    },
    restore(offset: unknown) {
      const o = offset as Partial<GeneratorOffset> | null;
      if (!o || typeof o.emitted !== 'number' || typeof o.next !== 'number') return;
      if (claimer) {
        if (typeof o.taken !== 'number')
          throw new Error(
            `${node.id}: the checkpoint is from fixed splits, not chunks taken on demand; start the run afresh`,
          );
        // Chunks of another size (another limit, or a checkpoint from before the size changed)
        // number other indexes: resuming would skip or repeat events.
        if (o.chunk !== chunk)
          throw new Error(
            `${node.id}: the checkpoint's generator chunks are of ${o.chunk ?? 'another number of'} events, this run's of ${chunk} (was the limit changed?); start the run afresh`,
          );
        taken = o.taken;
        claimer.restoreAtLeast(taken + 1);
      }
      emitted = o.emitted;
      next = o.next;
      heap = new ArrivalHeap();
      for (const i of o.held ?? []) heap.push(arrivalKey(i), i);
      paceStart = null;
    },
  };
}
