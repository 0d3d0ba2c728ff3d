import { describe, expect, it } from 'vitest';
import { compactPanels } from './dashboard-placement';

const panel = (node: string, x: number, y: number, w: number, h: number) => ({ node, x, y, w, h });

describe('dashboard panels float up', () => {
  it('a first panel saved a row down sits at the top: no empty band above it', () => {
    expect(compactPanels([panel('a', 0, 1, 6, 4)])).toEqual([panel('a', 0, 0, 6, 4)]);
  });

  it('a panel below the place of a deleted one closes the gap; side by side panels stay', () => {
    const out = compactPanels([
      panel('log', 7, 0, 5, 6),
      panel('table', 0, 0, 7, 6),
      panel('low', 0, 10, 12, 3),
    ]);
    expect(out).toEqual([panel('log', 7, 0, 5, 6), panel('table', 0, 0, 7, 6), panel('low', 0, 6, 12, 3)]);
  });

  it('stops under the panel above it, keeping input order', () => {
    const out = compactPanels([panel('b', 4, 9, 4, 2), panel('a', 0, 2, 6, 3)]);
    expect(out).toEqual([panel('b', 4, 3, 4, 2), panel('a', 0, 0, 6, 3)]);
  });
});
