import { describe, expect, it } from 'vitest';
import { fakeContext } from '../../test/support/operator-context.js';
import { defineOperator, type Event } from './operator.js';

describe('defineOperator', () => {
  it('gives a stateless operator pass-through watermarks and no state', () => {
    const ctx = fakeContext();
    const op = defineOperator({
      nodeId: 'double',
      processBatch(_port, events, times) {
        ctx.emit(
          'out',
          events.map((e) => ({ v: Number(e.v) * 2 })),
          times,
        );
      },
    });
    op.open(ctx);
    op.processBatch('in', [{ v: 2 }, { v: 5 }] satisfies Event[], [1, 2]);
    expect(ctx.recorded.out.map((o) => o.event)).toEqual([{ v: 4 }, { v: 10 }]);
    expect(op.onWatermark(1234)).toBe(1234);
    expect(op.onWatermark(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(op.snapshot()).toBeNull();
    op.restore({ anything: 1 });
    expect(op.stateSize()).toEqual({ keys: 0, openWindows: 0 });
  });

  it('keeps what the operator writes itself over the defaults', () => {
    const op = defineOperator({ nodeId: 'hold', processBatch() {}, onWatermark: (w) => w - 10 });
    expect(op.onWatermark(100)).toBe(90);
  });
});
