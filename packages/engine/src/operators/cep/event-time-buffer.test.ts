/** The event-time buffer hands events out by (time, arrival), whatever the disorder and drain points. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { EventTimeBuffer } from './event-time-buffer.js';

it('drains in (time, arrival) order across compactions and partial drains', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 12_000 }),
      fc.integer({ min: 1, max: 3000 }),
      fc.integer({ min: 0, max: 40 }),
      (jitter, batch, lag) => {
        // event i has time ~ i with some disorder; arrival index is its id
        const times = jitter.map((j, i) => Math.floor(i / 4) + j);
        const buffer = new EventTimeBuffer<number>();
        const drained: number[] = [];
        let maxTime = Number.NEGATIVE_INFINITY;
        let watermark = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < times.length; i += batch) {
          for (let k = i; k < Math.min(i + batch, times.length); k++) {
            if (times[k]! <= watermark) continue; // late: never buffered
            buffer.add({}, times[k]!, k);
            maxTime = Math.max(maxTime, times[k]!);
          }
          watermark = Math.max(watermark, maxTime - lag);
          buffer.drain(watermark, { release: (_e, _t, id) => drained.push(id) });
          if (i % (3 * batch) === 0) {
            // a snapshot round trip in the middle changes nothing
            const entries = buffer.entries();
            buffer.restore(entries);
          }
        }
        buffer.drain(Number.POSITIVE_INFINITY, { release: (_e, _t, id) => drained.push(id) });
        expect(buffer.size).toBe(0);
        const accepted = [...drained].sort((a, b) => a - b);
        const expected = [...accepted].sort((a, b) => times[a]! - times[b]! || a - b);
        expect(drained).toEqual(expected);
      },
    ),
    { numRuns: 60 },
  );
});
