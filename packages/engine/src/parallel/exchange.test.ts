import { describe, expect, it } from 'vitest';
import { ExchangeIn, type ExchangeMessage, ExchangeOut } from './exchange.js';
import type { Exchange } from './plan.js';

const gather: Exchange = {
  edge: { id: 'e1', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' },
  from: 's0',
  to: 's1',
  route: { type: 'gather' },
};

/** An ExchangeOut of instance 0 whose messages land in `sent`, in order. */
function out(exchange: Exchange = gather, receivers = 1) {
  const sent: [number, ExchangeMessage][] = [];
  const x = new ExchangeOut(exchange, 0, receivers, (_from, to, m) => sent.push([to, m]));
  return { x, sent };
}

describe('ExchangeOut', () => {
  it('holds watermarks until a flush and then sends only the last, after the events before it', () => {
    const { x, sent } = out();
    x.write([{ n: 1 }], [10]);
    x.onWatermark(5);
    x.write([{ n: 2 }], [20]);
    x.onWatermark(15);
    expect(sent).toEqual([]);
    x.flush();
    expect(sent.map(([, m]) => m)).toEqual([
      { t: 'batch', events: [{ n: 1 }, { n: 2 }], times: [10, 20] },
      { t: 'wm', w: 15 },
    ]);
    // Nothing new: a flush sends nothing, and an older watermark is never sent again.
    x.onWatermark(15);
    x.flush();
    expect(sent).toHaveLength(2);
  });

  it('sends a held watermark before a barrier, and before the end', () => {
    const { x, sent } = out();
    x.write([{ n: 1 }], [10]);
    x.onWatermark(9);
    x.barrier = 3;
    x.onCheckpoint();
    x.barrier = null;
    x.onWatermark(12);
    x.close();
    expect(sent.map(([, m]) => m.t)).toEqual(['batch', 'wm', 'barrier', 'wm', 'end']);
  });

  it('sends a batch on its own once it is large, without the watermark', () => {
    const { x, sent } = out();
    x.onWatermark(1);
    const events = Array.from({ length: 4096 }, (_, n) => ({ n }));
    x.write(
      events,
      events.map(() => 0),
    );
    expect(sent.map(([, m]) => m.t)).toEqual(['batch']);
  });
});

describe('ExchangeIn', () => {
  it('hands over a whole batch without copying it, and copies when batches are cut or joined', () => {
    const input = new ExchangeIn(gather, 1);
    const events = [{ n: 1 }, { n: 2 }];
    const times = [1, 2];
    input.receive(0, { t: 'batch', events, times });
    const whole = input.poll(10);
    expect(whole.events).toBe(events);
    expect(whole.times).toBe(times);
    input.receive(0, { t: 'batch', events: [{ n: 3 }, { n: 4 }], times: [3, 4] });
    input.receive(0, { t: 'batch', events: [{ n: 5 }], times: [5] });
    // Room for less than the first batch: cut, then the rest of it and the next one joined.
    expect(input.poll(1).events).toEqual([{ n: 3 }]);
    expect(input.poll(10).events).toEqual([{ n: 4 }, { n: 5 }]);
  });

  it('takes the watermark as the minimum over the senders, once their events are polled', () => {
    const input = new ExchangeIn(gather, 2);
    input.receive(0, { t: 'batch', events: [{ n: 1 }], times: [1] });
    input.receive(0, { t: 'wm', w: 50 });
    input.receive(1, { t: 'wm', w: 40 });
    expect(input.watermark()).toBe(Number.NEGATIVE_INFINITY);
    input.poll(10);
    input.poll(10);
    expect(input.watermark()).toBe(40);
  });
});
