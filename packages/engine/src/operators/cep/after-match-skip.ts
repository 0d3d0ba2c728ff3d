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

export class AfterMatchSkip {
  /** Whether a match prunes the starts at its bound too (`startPos <= bound`), else only before it. */
  readonly inclusive: boolean;

  constructor(
    readonly strategy: SkipStrategy,
    /** Step index for skipToFirst / skipToLast. */
    private readonly step: number,
  ) {
    this.inclusive = strategy === 'skipPastLastEvent' || strategy === 'skipToNext';
  }

  get skips(): boolean {
    return this.strategy !== 'noSkip';
  }

  /** The pruning bound (an event position) for a match ending at `tail`, or -1 when nothing is pruned. */
  bound(tail: BufferNode | null): number {
    if (tail === null) return -1;
    switch (this.strategy) {
      case 'noSkip':
        return -1;
      case 'skipPastLastEvent':
        return tail.pos;
      case 'skipToNext': {
        let first = tail;
        while (first.prev) first = first.prev;
        return first.pos;
      }
      case 'skipToFirst': {
        let found = -1;
        for (let n: BufferNode | null = tail; n !== null; n = n.prev) if (n.step === this.step) found = n.pos;
        return found;
      }
      case 'skipToLast': {
        for (let n: BufferNode | null = tail; n !== null; n = n.prev) if (n.step === this.step) return n.pos;
        return -1;
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
      return b < 0 || pruned(startPos, skip, b);
    }
    default:
      return true;
  }
}

/** Whether a match with pruning bound `bound` (>= 0) discards what started at `startPos`. */
export function pruned(startPos: number, skip: AfterMatchSkip, bound: number): boolean {
  return skip.inclusive ? startPos <= bound : startPos < bound;
}
