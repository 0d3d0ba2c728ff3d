import { countWindow } from './count-window.js';
import { runningAggregate } from './running-aggregate.js';
import { sessionWindow } from './session.js';
import { slidingWindow } from './sliding.js';
import { topNWindow } from './top-n.js';
import { tumblingWindow } from './tumbling.js';

/** Window operators by catalog kind; merged into the engine's registry. */
export const windowOperators = {
  'window.tumbling': tumblingWindow,
  'window.sliding': slidingWindow,
  'window.session': sessionWindow,
  'window.count': countWindow,
  'window.top-n': topNWindow,
  'window.running': runningAggregate,
} as const;
