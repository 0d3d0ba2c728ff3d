/** Everything the operator keeps for one key: its NFA state plus its place in the buffer and timers. */
import { type CompletedMatch, type KeyNfaState, NO_HELD, NO_PARTIALS, type PartialMatch } from './nfa.js';

/** A class, so every key shares one hidden class and field reads stay monomorphic and fast. */
export class KeyState implements KeyNfaState {
  partials: PartialMatch[] = NO_PARTIALS;
  held: CompletedMatch[] = NO_HELD;
  pos = 0;
  /** Events of this key waiting in the event-time buffer. */
  buffered = 0;
  /** Time of this key's live `within` timer, Infinity when none. */
  timerAt = Number.POSITIVE_INFINITY;
  /** Seen an event since the last sweep of idle keys. */
  touched = true;

  constructor(readonly key: string) {}

  get isEmpty(): boolean {
    return this.partials.length === 0 && this.held.length === 0 && this.buffered === 0;
  }
}
