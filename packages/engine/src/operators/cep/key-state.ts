/** Everything the operator keeps for one key: its NFA state plus its place in the buffer and timers. */
import type { Event } from '../../runtime/operator.js';
import { type CompletedMatch, type KeyNfaState, NO_HELD, NO_PARTIALS, type PartialMatch } from './nfa.js';
import { INLINE_RECENT } from './strict-chain.js';

const NO_EVENTS: (Event | null)[] = [];
const NO_TIMES: number[] = [];

/** A class, so every key shares one hidden class and field reads stay monomorphic and fast. */
export class KeyState implements KeyNfaState {
  partials: PartialMatch[] = NO_PARTIALS;
  held: CompletedMatch[] = NO_HELD;
  pos = 0;
  depths = 0;
  recent0: Event | null = null;
  recent1: Event | null = null;
  recent2: Event | null = null;
  recentTime0 = 0;
  recentTime1 = 0;
  recentTime2 = 0;
  readonly moreRecentEvents: (Event | null)[];
  readonly moreRecentTimes: number[];
  /** Events of this key waiting in the event-time buffer. */
  buffered = 0;
  /** Seen an event since the last sweep of idle keys. */
  touched = true;

  /**
   * `slot`: the key's timer slot in the operator's TimerQueue, unique among live keys;
   * `recentCapacity`: events the compact form of a strict chain keeps per key (0 when not used).
   */
  constructor(
    readonly key: string,
    readonly slot: number,
    recentCapacity: number,
  ) {
    const more = recentCapacity - INLINE_RECENT;
    this.moreRecentEvents = more <= 0 ? NO_EVENTS : new Array<Event | null>(more).fill(null);
    this.moreRecentTimes = more <= 0 ? NO_TIMES : new Array<number>(more).fill(0);
  }

  get hasPartials(): boolean {
    return this.depths !== 0 || this.partials.length > 0;
  }

  get isEmpty(): boolean {
    return this.partials.length === 0 && this.depths === 0 && this.held.length === 0 && this.buffered === 0;
  }
}
