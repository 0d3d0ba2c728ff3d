import { defaultParams } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { fakeContext, feed, results } from '../../test/support/operator-context.js';
import type { Event, OperatorFactory } from '../runtime/operator.js';
import { type CombinedAggregation, PARTIAL_EVENTS, windowsReadingPartials } from './partial-aggregates.js';
import type { Exchange } from './plan.js';

const E = PARTIAL_EVENTS;

describe('windowsReadingPartials', () => {
  it('makes the receiving window sum the partial counts and aggregate the other parts as they are', () => {
    const aggregations: CombinedAggregation[] = [
      { fn: 'count', name: 'n' },
      { fn: 'max', field: 'price', name: 'top' },
    ];
    const x = {
      edge: { id: 'e', source: 'a', sourcePort: 'out', target: 'win', targetPort: 'in' },
      from: 's0',
      to: 's1',
      route: { type: 'hash', key: ['k'] },
      combine: { type: 'window', paneMs: 10, offsetMs: 0, key: ['k'], aggregations },
    } satisfies Exchange;
    const tumbling = windowsReadingPartials([x])['window.tumbling'] as OperatorFactory;
    const opened = (id: string) => {
      const params = { ...defaultParams('window.tumbling'), sizeMs: 10, keyBy: ['k'], aggregations };
      const op = tumbling({ id, kind: 'window.tumbling', params });
      const ctx = fakeContext();
      op.open(ctx);
      return { op, ctx };
    };
    const receiver = opened('win');
    const partials = [
      { k: 'a', n: 3, price: 9, [E]: 3 },
      { k: 'a', n: 2, price: 4, [E]: 2 },
      { k: 'a', price: 'ten' },
    ];
    // Its `in` counts the events the partials stand for (an event passed on as it is, one).
    expect(receiver.op.eventsIn?.(partials)).toBe(6);
    feed(receiver.op, [
      [1, partials[0] as Event],
      [2, partials[1] as Event],
    ]);
    receiver.op.onWatermark(20);
    expect(results(receiver.ctx)).toMatchObject([{ k: 'a', n: 5, top: 9, window_start: 0, window_end: 10 }]);
    // A window no exchange combines into counts events as ever.
    const other = opened('other');
    expect(other.op.eventsIn).toBeUndefined();
    feed(other.op, [[1, { k: 'a', n: 3, price: 9 }]]);
    other.op.onWatermark(20);
    expect(results(other.ctx)).toMatchObject([{ k: 'a', n: 1, top: 9 }]);
  });

  it('makes a session window fed by a combining exchange read partials too', () => {
    const aggregations: CombinedAggregation[] = [{ fn: 'count', name: 'bids' }];
    const x = {
      edge: { id: 'e', source: 'a', sourcePort: 'out', target: 'sessions', targetPort: 'in' },
      from: 's0',
      to: 's1',
      route: { type: 'hash', key: ['k'] },
      combine: { type: 'session', gapMs: 10, key: ['k'], aggregations },
    } satisfies Exchange;
    const session = windowsReadingPartials([x])['window.session'] as OperatorFactory;
    const params = { ...defaultParams('window.session'), gapMs: 10, keyBy: ['k'], aggregations };
    const op = session({ id: 'sessions', kind: 'window.session', params });
    const ctx = fakeContext();
    op.open(ctx);
    // A group of four events at 1..5 goes as a partial at 1 (three events, every part) and one at 5.
    const partials = [
      { k: 'a', bids: 4, [E]: 3 },
      { k: 'a', bids: 0, [E]: 1 },
    ];
    expect(op.eventsIn?.(partials)).toBe(4);
    feed(op, [
      [1, partials[0] as Event],
      [5, partials[1] as Event],
    ]);
    op.onWatermark(100);
    expect(results(ctx)).toMatchObject([{ k: 'a', bids: 4, window_start: 1, window_end: 15 }]);
  });
});
