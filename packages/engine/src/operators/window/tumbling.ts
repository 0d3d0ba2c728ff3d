import type { KindOperatorFactory } from '../../runtime/operator.js';
import { AlignedWindowOperator } from './aligned-window.js';

/** window.tumbling: [start, start + size), start = floor((t - offset) / size) * size + offset. */
export const tumblingWindow: KindOperatorFactory<'window.tumbling'> = (node) => {
  const { sizeMs, offsetMs } = node.params;
  return new AlignedWindowOperator(node, { sizeMs, slideMs: sizeMs, offsetMs });
};
