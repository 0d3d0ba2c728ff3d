import type { ParamsMigration } from '../types.js';

/** Older shapes of window.session's params, oldest first (see ParamsMigration). */
export const sessionMigrations: readonly ParamsMigration[] = [
  {
    to: 2,
    why: '`dynamicGap` gives each event its own gap. Written at version 2, a document that sets it is refused by an Eventide that would close every session after gapMs without a word; a version 1 document had none.',
    up: (p) => p,
  },
];
