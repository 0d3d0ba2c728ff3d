/**
 * After-match skip strategies, Flink's semantics: once a match is emitted, partial matches (and
 * matches waiting to be emitted) that started at or before a pruning event are discarded.
 * - noSkip: nothing is discarded.
 * - skipToNext: those that started at or before the match's first event.
 * - skipPastLastEvent: those that started at or before the match's last event.
 * - skipToFirst(step) / skipToLast(step): those that started strictly before the first / last event
 *   of that step in the match (nothing when the step matched no event).
 */
import type { BufferNode } from './shared-buffer.js';

export type SkipStrategy = 'noSkip' | 'skipToNext' | 'skipPastLastEvent' | 'skipToFirst' | 'skipToLast';

/** Decides, for one match, which starts to prune: `startPos < bound` (or `<=` when inclusive). */
export interface PruneBound {
  bound: number;
  inclusive: boolean;
}

export class AfterMatchSkip {
  constructor(
    readonly strategy: SkipStrategy,
    /** Step index for skipToFirst / skipToLast. */
    private readonly step: number,
  ) {}

  get skips(): boolean {
    return this.strategy !== 'noSkip';
  }

  /** The pruning bound for a match ending at `tail`, or null when nothing is pruned. */
  bound(tail: BufferNode | null): PruneBound | null {
    if (tail === null) return null;
    switch (this.strategy) {
      case 'noSkip':
        return null;
      case 'skipPastLastEvent':
        return { bound: tail.pos, inclusive: true };
      case 'skipToNext': {
        let first = tail;
        while (first.prev) first = first.prev;
        return { bound: first.pos, inclusive: true };
      }
      case 'skipToFirst': {
        let found: BufferNode | null = null;
        for (let n: BufferNode | null = tail; n !== null; n = n.prev) if (n.step === this.step) found = n;
        return found ? { bound: found.pos, inclusive: false } : null;
      }
      case 'skipToLast': {
        for (let n: BufferNode | null = tail; n !== null; n = n.prev)
          if (n.step === this.step) return { bound: n.pos, inclusive: false };
        return null;
      }
    }
  }
}

/**
 * Whether a partial match that started before `startPos` (with the events `tail` so far) could, once
 * complete, prune a match starting at `startPos`. skipToNext never prunes later starts; for
 * skipToFirst the bound is known once the step has an event; otherwise it may be a future event.
 */
export function mayPrune(skip: AfterMatchSkip, tail: BufferNode | null, startPos: number): boolean {
  switch (skip.strategy) {
    case 'noSkip':
    case 'skipToNext':
      return false;
    case 'skipToFirst': {
      const b = skip.bound(tail);
      return b === null || pruned(startPos, b);
    }
    default:
      return true;
  }
}

export function pruned(startPos: number, b: PruneBound): boolean {
  return b.inclusive ? startPos <= b.bound : startPos < b.bound;
}
