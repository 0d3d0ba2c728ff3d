import type { KindOperatorFactory } from '../../runtime/operator.js';
import { AlignedWindowOperator } from './aligned-window.js';

/** window.sliding: windows of sizeMs starting every slideMs (offset-aligned); an event is in each that holds it. */
export const slidingWindow: KindOperatorFactory<'window.sliding'> = (node) => {
  const { sizeMs, slideMs, offsetMs } = node.params;
  return new AlignedWindowOperator(node, { sizeMs, slideMs, offsetMs });
};
