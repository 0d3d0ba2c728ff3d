import { defaultParams } from '@eventide/shared';
import { describe, expect, it } from 'vitest';
import { typedNode } from '../src/compiler/typed-node.js';
import { createGeneratorSource, type Event, runBounded } from '../src/index.js';
import { fixedClock, pipeline } from './helpers.js';

const EVENTS = 200_000;
const WITHIN = 5_000;
const DISORDER = 2_000;
const generator = {
  preset: 'clicks',
  limit: EVENTS,
  ratePerSec: 1000,
  keyCardinality: 300,
  maxOutOfOrdernessMs: DISORDER,
  seed: 42,
  pacing: 'max',
};

/** The reference, written apart from the operator: sort by time, then a span per (user, page). */
function reference(events: Event[]): Event[] {
  const sorted = events
    .map((e, arrival) => ({ e, arrival }))
    .sort((a, b) => (a.e.ts as number) - (b.e.ts as number) || a.arrival - b.arrival);
  const opened = new Map<string, number>();
  const kept: Event[] = [];
  for (const { e } of sorted) {
    const key = `${e.user}|${e.page}`;
    const t = e.ts as number;
    const start = opened.get(key);
    if (start !== undefined && t - start < WITHIN) continue;
    opened.set(key, t);
    kept.push(e);
  }
  return kept;
}

describe('oracle: generator -> assign-timestamps -> dedupe over 200,000 disordered events', () => {
  it('keeps exactly what a straightforward reference keeps, nothing late, nothing lost', async () => {
    const source = createGeneratorSource(
      typedNode('source.generator', {
        id: 'gen',
        kind: 'source.generator',
        params: { ...defaultParams('source.generator'), ...generator },
      }),
    );
    const all: Event[] = [];
    for (let ended = false; !ended; ) {
      const r = source.poll(10_000, 0);
      all.push(...r.events);
      ended = r.ended;
    }
    const doc = pipeline(
      [
        { id: 'gen', kind: 'source.generator', params: generator },
        { id: 'ts', kind: 'time.assign-timestamps', params: { maxOutOfOrdernessMs: DISORDER } },
        { id: 'd', kind: 'transform.dedupe', params: { keyBy: ['user', 'page'], withinMs: WITHIN } },
        { id: 'out', kind: 'sink.table' },
      ],
      ['gen->ts', 'ts->d', 'd->out'],
    );
    const r = await runBounded(doc, { maxEvents: 777, clock: fixedClock() });
    const expected = reference(all);
    expect(expected.length).toBeGreaterThan(10_000);
    expect(expected.length).toBeLessThan(EVENTS / 2);
    expect(r.outputs.out).toEqual(expected);
    expect(r.metrics.nodes.ts).toMatchObject({ in: EVENTS, out: EVENTS, errors: 0 });
    expect(r.metrics.nodes.d).toMatchObject({ in: EVENTS, out: expected.length });
  });
});
