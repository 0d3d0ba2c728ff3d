/**
 * What a CEP inspector shows of a pattern node's partial matches, in the preview (computed in the
 * browser) and in a live run (GET /api/runs/:id/nodes/:node/cep-state): plain data, bounded.
 */
export interface CepStateView {
  /** Keys holding at least one partial match, and partial matches, over the whole state. */
  keys: number;
  partials: number;
  /** Partial matches waiting after each step (by the step that took their last event). */
  perStep: number[];
  /** The keys with the oldest partial matches, oldest first, cut to the server's limits. */
  oldest: {
    key: string;
    partials: {
      /** Event time of its first event. */
      startTime: number;
      /** Its (most recent) events, oldest first, each with the index of the step that took it. */
      events: { step: number; time: number; event: Record<string, unknown> }[];
    }[];
  }[];
  /** True when keys, partial matches of a key or events of one were left out. */
  truncated: boolean;
}

/** A live run's view: the state now, plus matches and timeouts since the inspector first asked. */
export interface LiveCepState extends CepStateView {
  /** Processing time the state was read at. */
  at: number;
  matches: number;
  /** Null when the pattern's timeout port has no edge: the engine does not build timeouts then. */
  timeouts: number | null;
  /** Per second since the previous read; null on the first read. */
  matchesPerSec: number | null;
  timeoutsPerSec: number | null;
}
