import { renameParam } from '../params-migrations.js';
import type { ParamsMigration } from '../types.js';

/** Older shapes of window.count's params, oldest first (see ParamsMigration). */
export const countWindowMigrations: readonly ParamsMigration[] = [
  {
    to: 2,
    why: "`size` and `slide` read like durations beside the time windows' sizeMs and slideMs; the unit now sits in the name: sizeEvents, slideEvents.",
    up: (p) => renameParam(renameParam(p, 'size', 'sizeEvents'), 'slide', 'slideEvents'),
  },
];
