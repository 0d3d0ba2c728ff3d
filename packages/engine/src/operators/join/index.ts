import { intervalJoin } from './interval-join.js';
import { regularJoin } from './regular-join.js';
import { windowJoin } from './window-join.js';

/** Join operators by catalog kind; merged into the engine's registry. */
export const joinOperators = {
  'join.window-join': windowJoin,
  'join.interval-join': intervalJoin,
  'join.regular': regularJoin,
} as const;
