import { describe, expect, it } from 'vitest';
import { harness } from '../../../test/support/operator-context.js';

const routes = [
  { port: 'hot', condition: 't > 30' },
  { port: 'warm', condition: 't > 20' },
];
const events = [{ t: 35 }, { t: 25 }, { t: 10 }, { t: 'x' }];

describe('transform.route', () => {
  it('mode first: each event to the first matching port, the rest to unmatched', () => {
    const h = harness('transform.route', { routes, mode: 'first' });
    h.op.processBatch('in', events, [1, 2, 3, 4]);
    expect(h.events('hot')).toEqual([{ t: 35 }]);
    expect(h.events('warm')).toEqual([{ t: 25 }]);
    expect(h.events('unmatched')).toEqual([{ t: 10 }]);
    expect(h.times('unmatched')).toEqual([3]);
    expect(h.errors).toBe(1);
    expect(h.events('error')[0]).toMatchObject({ t: 'x' });
  });

  it('mode all: an event goes to every port whose condition holds', () => {
    const h = harness('transform.route', { routes, mode: 'all' });
    h.op.processBatch('in', events, [1, 2, 3, 4]);
    expect(h.events('hot')).toEqual([{ t: 35 }]);
    expect(h.events('warm')).toEqual([{ t: 35 }, { t: 25 }]);
    expect(h.events('unmatched')).toEqual([{ t: 10 }]);
  });

  it('a condition failing on an event sends it to error only, even in mode all after a match', () => {
    const h = harness('transform.route', {
      routes: [
        { port: 'a', condition: 'true' },
        { port: 'b', condition: 'x > 1' },
      ],
      mode: 'all',
    });
    h.op.processBatch('in', [{ y: 1 }], [0]);
    expect(h.events('a')).toEqual([]);
    expect(h.events('b')).toEqual([]);
    expect(h.errors).toBe(1);
  });
});
