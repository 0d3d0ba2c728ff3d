import type { ParamsMigration } from '../types.js';

/** Older shapes of window.top-n's params, oldest first (see ParamsMigration). */
export const topNMigrations: readonly ParamsMigration[] = [
  {
    to: 2,
    why: '`withTies` keeps every event tied with the N-th (RANK() <= N). Written at version 2, a document that turns it on is refused by an Eventide that would drop the ties without a word; a version 1 document had none.',
    up: (p) => ({ withTies: false, ...p }),
  },
];
