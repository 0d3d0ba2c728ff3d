import type { OperatorFactory } from '../../runtime/operator.js';
import { AlignedWindowOperator } from './aligned-window.js';

/** window.tumbling: [start, start + size), start = floor((t - offset) / size) * size + offset. */
export const tumblingWindow: OperatorFactory = (node) => {
  const p = node.params as { sizeMs?: number; offsetMs?: number };
  const sizeMs = p.sizeMs ?? 5000;
  return new AlignedWindowOperator(node, { sizeMs, slideMs: sizeMs, offsetMs: p.offsetMs ?? 0 });
};
