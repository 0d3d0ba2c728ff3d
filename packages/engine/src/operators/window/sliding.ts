import type { OperatorFactory } from '../../runtime/operator.js';
import { AlignedWindowOperator } from './aligned-window.js';

/** window.sliding: windows of sizeMs starting every slideMs (offset-aligned); an event is in each that holds it. */
export const slidingWindow: OperatorFactory = (node) => {
  const p = node.params as { sizeMs?: number; slideMs?: number; offsetMs?: number };
  return new AlignedWindowOperator(node, {
    sizeMs: p.sizeMs ?? 10_000,
    slideMs: p.slideMs ?? 5000,
    offsetMs: p.offsetMs ?? 0,
  });
};
